package dev.nexo.channel.email.internal.imap;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/** Folder operations shared by after-processing and the agent tools. */
public final class Mailboxes {
    private Mailboxes() {
    }

    /**
     * Moves messages: UID MOVE when the server has it, else COPY + \Deleted + EXPUNGE.
     *
     * @param store the connected store
     * @param from the open source folder
     * @param messages messages of {@code from}
     * @param target target folder name
     * @param create whether to create a missing target folder
     * @throws MessagingException if the target is missing (and not created) or the move fails
     */
    public static void move(IMAPStore store, IMAPFolder from, Message[] messages, String target, boolean create)
            throws MessagingException {
        Folder dest = store.getFolder(target);
        if (!dest.exists()) {
            if (!create) {
                throw new MessagingException("folder does not exist: " + target);
            }
            dest.create(Folder.HOLDS_MESSAGES);
        }
        if (store.hasCapability("MOVE")) {
            from.moveMessages(messages, dest);
        } else {
            from.copyMessages(messages, dest);
            from.setFlags(messages, new Flags(Flags.Flag.DELETED), true);
            from.expunge(messages);
        }
    }
}
