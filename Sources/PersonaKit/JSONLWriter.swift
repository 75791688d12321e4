import Foundation
import Synchronization

/// Appends JSON lines to a file durably: each ``append(_:)`` writes one whole line, and
/// ``sync()`` flushes it to disk (`fsync`), so a crash loses at most the lines since the last sync
/// and never leaves a torn line in the middle of the file.
///
/// Opening an existing file whose last line has no trailing newline completes that line when it
/// is valid JSON and removes it otherwise (a write cut off by a crash), so appending resumes on a
/// line boundary; ``discardedTailBytes`` says how much was removed. Thread-safe.
public final class JSONLWriter: Sendable {
    /// The file written to.
    public let url: URL
    /// Bytes of a partial last line removed when the file was opened (0 when it ended cleanly).
    public let discardedTailBytes: Int
    private let handle: Mutex<FileHandle?>

    /// Opens (creating if needed) `url` for appending.
    ///
    /// - Parameters:
    ///   - url: the JSONL file.
    ///   - truncate: start with an empty file instead of appending.
    /// - Throws: an error when the file cannot be created, opened or repaired.
    public init(url: URL, truncate: Bool = false) throws {
        self.url = url
        let manager = FileManager.default
        if truncate || !manager.fileExists(atPath: url.path) {
            guard manager.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
        let file = try FileHandle(forUpdating: url)
        do {
            discardedTailBytes = try Self.removePartialLastLine(file)
            try file.seekToEnd()
        } catch {
            try? file.close()
            throw error
        }
        handle = Mutex(file)
    }

    deinit {
        handle.withLock { file in try? file?.close() }
    }

    /// Appends `line` and a newline.
    ///
    /// - Parameter line: one JSON text; it must not contain a newline (a programmer error).
    /// - Throws: an I/O error, or when the writer is closed.
    public func append(_ line: String) throws {
        precondition(!line.utf8.contains(0x0A), "a JSONL line must not contain a newline")
        try handle.withLock { file in
            guard let file else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
            try file.write(contentsOf: Data((line + "\n").utf8))
        }
    }

    /// Appends a persona as one line (``Persona/jsonLine()``).
    ///
    /// - Parameter persona: the persona to write.
    /// - Throws: an I/O error, or when the writer is closed.
    public func append(_ persona: Persona) throws {
        try append(persona.jsonLine())
    }

    /// Forces everything written so far to disk (`fsync`).
    ///
    /// - Throws: an I/O error.
    public func sync() throws {
        try handle.withLock { file in try file?.synchronize() }
    }

    /// Syncs and closes the file; later appends throw. Calling it twice is harmless.
    ///
    /// - Throws: an I/O error from the final sync or close.
    public func close() throws {
        try handle.withLock { file in
            guard let open = file else { return }
            file = nil
            try open.synchronize()
            try open.close()
        }
    }

    /// Makes the file end on a line boundary: a last line without a newline is completed with
    /// one when it is valid JSON, and removed otherwise (a write cut off by a crash).
    ///
    /// - Returns: the number of bytes removed.
    private static func removePartialLastLine(_ file: FileHandle) throws -> Int {
        let size = try file.seekToEnd()
        guard size > 0 else { return 0 }
        let window: UInt64 = 64 << 10
        var end = size
        var keep: UInt64 = 0
        search: while end > 0 {
            let start = end > window ? end - window : 0
            try file.seek(toOffset: start)
            let bytes = [UInt8](try file.read(upToCount: Int(end - start)) ?? Data())
            if let newline = bytes.lastIndex(of: 0x0A) {
                keep = start + UInt64(newline) + 1
                break search
            }
            end = start
        }
        guard keep < size else { return 0 }
        try file.seek(toOffset: keep)
        let tail = size - keep <= 16 << 20 ? [UInt8](try file.read(upToCount: Int(size - keep)) ?? Data()) : []
        if !tail.isEmpty, (try? JSONValue.parse(tail)) != nil {
            try file.seekToEnd()
            try file.write(contentsOf: Data([0x0A]))
            return 0
        }
        try file.truncate(atOffset: keep)
        return Int(size - keep)
    }
}
