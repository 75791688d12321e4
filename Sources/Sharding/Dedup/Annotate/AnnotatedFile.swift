import Foundation

/// A text file written line by line through a buffer, as `<name>.partial` renamed into place by ``close()``.
final class AnnotatedFile {
    private let url: URL
    private let partial: URL
    private let handle: FileHandle
    private var buffer = Data()

    /// Creates `<url>.partial`.
    init(url: URL) throws {
        self.url = url
        partial = url.appendingPathExtension("partial")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: partial.path])
        }
        handle = try FileHandle(forWritingTo: partial)
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(at: partial)
    }

    /// Appends `line` and a newline.
    func write(_ line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and renames the file into place (replacing an older one).
    func close() throws {
        try flush()
        try handle.close()
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        try FileManager.default.moveItem(at: partial, to: url)
    }
}
