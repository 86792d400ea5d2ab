package dev.spool.engine.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Set;

/**
 * The POSIX permissions, owner and group a log file gets when it is created (Log4j2's
 * {@code filePermissions}, {@code fileOwner}, {@code fileGroup}), set after creation so the
 * process's umask does not narrow them. Rolled files keep them; compressed ones copy them from the
 * file they were made from ({@code Compressor}).
 *
 * @param permissions the permissions, or {@code null} to leave the umask's
 * @param owner       the owner's user name, or {@code null}
 * @param group       the group's name, or {@code null}
 */
public record FileAttributes(Set<PosixFilePermission> permissions, String owner, String group) {
    /** Nothing set: files get what the file system gives them. */
    public static final FileAttributes NONE = new FileAttributes(null, null, null);

    public FileAttributes {
        permissions = permissions == null ? null : Set.copyOf(permissions);
    }

    /**
     * From the configuration's text: permissions as {@code rw-r-----}; blank values are unset.
     *
     * @throws IllegalArgumentException naming {@code filePermissions} when it is not nine of {@code rwx-}
     */
    public static FileAttributes parse(final String permissions, final String owner, final String group) {
        Set<PosixFilePermission> p = null;
        if (permissions != null && !permissions.isBlank()) {
            try {
                p = PosixFilePermissions.fromString(permissions.trim());
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("filePermissions=\"" + permissions + "\" is not like rw-r----- (nine"
                    + " of r, w, x and -)");
            }
        }
        return new FileAttributes(p, blankToNull(owner), blankToNull(group));
    }

    private static String blankToNull(final String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Whether any attribute is set. */
    public boolean any() {
        return permissions != null || owner != null || group != null;
    }

    /**
     * Sets the attributes on a file just created.
     *
     * @throws IOException when the file system cannot (not POSIX, an unknown user, no privilege)
     */
    public void applyTo(final Path file) throws IOException {
        if (!any()) {
            return;
        }
        final PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            throw new IOException("the file system of " + file + " has no POSIX permissions, owner or group");
        }
        if (permissions != null) {
            view.setPermissions(permissions);
        }
        final UserPrincipalLookupService users = file.getFileSystem().getUserPrincipalLookupService();
        if (owner != null) {
            view.setOwner(users.lookupPrincipalByName(owner));
        }
        if (group != null) {
            final GroupPrincipal g = users.lookupPrincipalByGroupName(group);
            view.setGroup(g);
        }
    }

    @Override
    public String toString() {
        return any() ? "FileAttributes[" + (permissions == null ? "" : PosixFilePermissions.toString(permissions))
            + (owner == null ? "" : " owner " + owner) + (group == null ? "" : " group " + group) + "]" : "none";
    }
}
