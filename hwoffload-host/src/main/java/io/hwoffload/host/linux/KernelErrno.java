package io.hwoffload.host.linux;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The errno of a failed sysfs write, recovered from the JDK's exception: the JDK reports it as the C library's
 * message ({@code strerror}), and the kernel's sysfs handlers answer with these.
 */
enum KernelErrno {
    EBUSY("Device or resource busy"),
    ERANGE("Numerical result out of range"),
    ENODEV("No such device"),
    ENOENT("No such file or directory"),
    EINVAL("Invalid argument"),
    EACCES("Permission denied"),
    EPERM("Operation not permitted"),
    EROFS("Read-only file system");

    private final String message;

    KernelErrno(String message) {
        this.message = message;
    }

    static Optional<KernelErrno> of(IOException e) {
        if (e instanceof AccessDeniedException) {
            return Optional.of(EACCES);
        }
        if (e instanceof NoSuchFileException) {
            return Optional.of(ENOENT);
        }
        String reason = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
        return Arrays.stream(values()).filter(errno -> errno.message.equals(reason)).findFirst();
    }

    /** True for the errors that mean "not allowed" rather than "the kernel refused this value". */
    boolean isPermission() {
        return this == EACCES || this == EPERM || this == EROFS;
    }
}
