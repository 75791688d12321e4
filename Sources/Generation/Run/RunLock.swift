import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `generate.lock` in a run directory: holds the generator's PID so that two generators
/// never write one directory. A lock left by a process that no longer exists is taken over.
final class RunLock {
    /// The lock's file name inside a run directory.
    static let fileName = "generate.lock"

    let url: URL
    /// Set only once the lock file is ours: when `init` throws, `deinit` still runs and must
    /// not remove another process's lock.
    private var held = false

    /// Takes the lock in `directory`.
    /// - Throws: ``GenerationError`` (``GenerationError/Code/runDirectoryInUse``) when a live process holds it.
    init(directory: URL) throws {
        url = directory.appendingPathComponent(Self.fileName)
        let pid = getpid()
        for _ in 0 ..< 2 {
            let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if fd >= 0 {
                let text = "\(pid)\n"
                _ = text.withCString { write(fd, $0, strlen($0)) }
                fsync(fd)
                close(fd)
                held = true
                return
            }
            guard errno == EEXIST else { throw GenerationError.fileSystem(url.path, "cannot create lock (errno \(errno))") }
            let owner = (try? String(contentsOf: url, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if let owner, owner != pid, Self.isAlive(owner) {
                throw GenerationError.runDirectoryInUse(directory, pid: owner, lockFile: url.lastPathComponent)
            }
            try? FileManager.default.removeItem(at: url) // stale: its process is gone
        }
        throw GenerationError.fileSystem(url.path, "could not take over a stale lock")
    }

    /// Removes the lock file (idempotent).
    func release() {
        guard held else { return }
        held = false
        try? FileManager.default.removeItem(at: url)
    }

    deinit { release() }

    /// Whether a process with `pid` exists (EPERM means it exists but is not ours).
    static func isAlive(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }
}
