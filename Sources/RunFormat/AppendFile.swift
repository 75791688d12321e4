import Foundation

/// An append-only run file (`personas.jsonl`, `events.jsonl`, `rejected.jsonl`, `embeddings.f32`,
/// `fields.f32`) whose every record is durable once ``append(_:)`` returns (write, then fsync).
public final class AppendFile {
    /// The file.
    public let url: URL
    private let handle: FileHandle

    /// Opens (creating when absent) `url` for appending.
    /// - Throws: ``RunFileError`` when the file cannot be created or opened.
    public init(url: URL) throws {
        self.url = url
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw RunFileError("\(url.path): cannot create file")
            }
        }
        do {
            handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
        } catch { throw RunFileError("\(url.path): cannot open for appending (\(error.localizedDescription))") }
    }

    deinit { try? handle.close() }

    /// Appends `data` and forces it to disk.
    /// - Throws: ``RunFileError`` when the write fails.
    public func append(_ data: Data) throws {
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch { throw RunFileError("\(url.path): write failed (\(error.localizedDescription))") }
    }

    /// Appends one line of text (a newline is added).
    /// - Throws: ``RunFileError`` when the write fails.
    public func appendLine(_ line: String) throws {
        try append(Data((line + "\n").utf8))
    }

    /// Appends `record` as one JSON line (``RunRecordCoding/line(_:)``: how every record of a run file is written).
    /// - Throws: ``RunFileError`` when the record cannot be encoded or written.
    public func appendRecord(_ record: some Encodable) throws {
        let line: String
        do { line = try RunRecordCoding.line(record) } catch {
            throw RunFileError("\(url.path): cannot encode a record (\(error))")
        }
        try appendLine(line)
    }
}
