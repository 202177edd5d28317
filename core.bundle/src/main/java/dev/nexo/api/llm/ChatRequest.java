package dev.nexo.api.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One chat-completion request (wire {@code llm.chat} {@code request}). Required: a model and at
 * least one message. Unset sampling parameters mean "provider default".
 */
public final class ChatRequest {
    private final String model;
    private final List<ChatMessage> messages;
    private final List<ToolSpec> tools;
    private final ToolChoice toolChoice;
    private final int maxTokens;
    private final double temperature;
    private final List<String> stopSequences;
    private final boolean jsonOutput;
    private final Duration timeout;
    private final Map<String, String> metadata;

    private ChatRequest(Builder b) {
        if (b.model == null || b.model.isBlank()) {
            throw new IllegalArgumentException("chat request needs a model");
        }
        if (b.messages.isEmpty()) {
            throw new IllegalArgumentException("chat request needs at least one message");
        }
        if (b.toolChoice.mode() == ToolChoice.Mode.SPECIFIC
                && b.tools.stream().noneMatch(t -> t.name().equals(b.toolChoice.toolName().get()))) {
            throw new IllegalArgumentException("tool choice names a tool that is not offered: " + b.toolChoice.toolName().get());
        }
        this.model = b.model;
        this.messages = List.copyOf(b.messages);
        this.tools = List.copyOf(b.tools);
        this.toolChoice = b.toolChoice;
        this.maxTokens = b.maxTokens;
        this.temperature = b.temperature;
        this.stopSequences = List.copyOf(b.stopSequences);
        this.jsonOutput = b.jsonOutput;
        this.timeout = b.timeout;
        this.metadata = Map.copyOf(b.metadata);
    }

    /** @return a builder for a request to {@code model} */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** @return a builder holding this request's fields */
    public Builder toBuilder() {
        Builder b = new Builder(model).toolChoice(toolChoice).jsonOutput(jsonOutput).timeout(timeout);
        b.messages.addAll(messages);
        b.tools.addAll(tools);
        b.stopSequences.addAll(stopSequences);
        b.metadata.putAll(metadata);
        b.maxTokens = maxTokens;
        b.temperature = temperature;
        return b;
    }

    /** @return the provider's model id */
    public String model() {
        return model;
    }

    /** @return the conversation, oldest first; the system prompt is a leading {@link Role#SYSTEM} message */
    public List<ChatMessage> messages() {
        return messages;
    }

    /** @return tools the model may call */
    public List<ToolSpec> tools() {
        return tools;
    }

    /** @return tool-choice policy */
    public ToolChoice toolChoice() {
        return toolChoice;
    }

    /** @return output token limit, when set */
    public OptionalInt maxTokens() {
        return maxTokens > 0 ? OptionalInt.of(maxTokens) : OptionalInt.empty();
    }

    /** @return sampling temperature, when set */
    public OptionalDouble temperature() {
        return Double.isNaN(temperature) ? OptionalDouble.empty() : OptionalDouble.of(temperature);
    }

    /** @return stop sequences */
    public List<String> stopSequences() {
        return stopSequences;
    }

    /** @return whether the answer must be a JSON object (provider JSON mode) */
    public boolean jsonOutput() {
        return jsonOutput;
    }

    /** @return how long the caller is willing to wait, when it set a limit */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** @return caller metadata for logs and accounting, e.g. {@code agent_id}, {@code correlation_id} */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public String toString() {
        return "ChatRequest[" + model + ", " + messages.size() + " messages, " + tools.size() + " tools]";
    }

    /** Collects the fields of a {@link ChatRequest}. */
    public static final class Builder {
        private final String model;
        private final List<ChatMessage> messages = new ArrayList<>();
        private final List<ToolSpec> tools = new ArrayList<>();
        private ToolChoice toolChoice = ToolChoice.AUTO;
        private int maxTokens;
        private double temperature = Double.NaN;
        private final List<String> stopSequences = new ArrayList<>();
        private boolean jsonOutput;
        private Duration timeout;
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder(String model) {
            this.model = model;
        }

        /** @param message a message to append */
        public Builder message(ChatMessage message) {
            messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /** @param all messages to append, in order */
        public Builder messages(List<ChatMessage> all) {
            all.forEach(this::message);
            return this;
        }

        /** @param tool a tool to offer */
        public Builder tool(ToolSpec tool) {
            tools.add(Objects.requireNonNull(tool, "tool"));
            return this;
        }

        /** @param toolChoice tool-choice policy; defaults to {@link ToolChoice#AUTO} */
        public Builder toolChoice(ToolChoice toolChoice) {
            this.toolChoice = Objects.requireNonNull(toolChoice, "toolChoice");
            return this;
        }

        /** @param maxTokens output token limit, positive */
        public Builder maxTokens(int maxTokens) {
            if (maxTokens < 1) {
                throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
            }
            this.maxTokens = maxTokens;
            return this;
        }

        /** @param temperature sampling temperature, 0..2 */
        public Builder temperature(double temperature) {
            if (!(temperature >= 0 && temperature <= 2)) {
                throw new IllegalArgumentException("temperature must be within 0..2: " + temperature);
            }
            this.temperature = temperature;
            return this;
        }

        /** @param stop a stop sequence to add */
        public Builder stopSequence(String stop) {
            stopSequences.add(Objects.requireNonNull(stop, "stop sequence"));
            return this;
        }

        /** @param jsonOutput whether to request JSON mode */
        public Builder jsonOutput(boolean jsonOutput) {
            this.jsonOutput = jsonOutput;
            return this;
        }

        /** @param timeout caller's deadline for the whole call, or null */
        public Builder timeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * @param key metadata key
         * @param value metadata value
         */
        public Builder metadata(String key, String value) {
            metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @return the request
         * @throws IllegalArgumentException if the model or messages are missing
         */
        public ChatRequest build() {
            return new ChatRequest(this);
        }
    }
}
