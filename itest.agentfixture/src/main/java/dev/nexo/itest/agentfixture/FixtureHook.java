package dev.nexo.itest.agentfixture;

import dev.nexo.api.hook.Hook;
import dev.nexo.api.hook.HookContext;
import dev.nexo.api.hook.HookOutcome;
import dev.nexo.api.hook.HookPoint;
import dev.nexo.api.hook.HookRegistration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** {@code before_message}: {@code #block} blocks the turn; {@code #slow} answers only after 10 s. */
@Component(service = Hook.class)
@HookRegistration(points = HookPoint.BEFORE_MESSAGE)
public class FixtureHook implements Hook {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nexo-agentfixture-hook");
        t.setDaemon(true);
        return t;
    });

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    public CompletionStage<HookOutcome> onHook(HookContext context) {
        String text = context.message().map(m -> m.text()).orElse("");
        if (text.contains("#block")) {
            return CompletableFuture.completedFuture(HookOutcome.block("fixture blocks #block", false));
        }
        if (text.contains("#slow")) {
            CompletableFuture<HookOutcome> late = new CompletableFuture<>();
            timer.schedule(() -> late.complete(HookOutcome.proceed()), 10, TimeUnit.SECONDS);
            return late;
        }
        return CompletableFuture.completedFuture(HookOutcome.proceed());
    }
}
