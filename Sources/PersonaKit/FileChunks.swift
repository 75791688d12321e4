import Foundation

/// Reads a file front to back in fixed-size chunks, so memory stays bounded whatever its size.
/// A UTF-8 byte-order mark at the start of the file is dropped. The file is closed when the
/// reader is released.
final class FileChunks {
    /// The path used in error messages.
    let displayPath: String
    private let handle: FileHandle
    private let chunkSize: Int
    private var atStart = true

    /// Opens `url` for reading.
    ///
    /// - Throws: ``InputError`` (no line) when the file cannot be opened.
    init(url: URL, displayPath: String, chunkSize: Int) throws(InputError) {
        precondition(chunkSize > 0, "chunkSize must be positive")
        self.displayPath = displayPath
        self.chunkSize = chunkSize
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "cannot be read" : "no such file"
            throw InputError(file: displayPath, line: nil, field: nil, message: "cannot open the file: \(reason)")
        }
    }

    /// The next chunk, or nil at the end of the file.
    ///
    /// - Throws: ``InputError`` on an I/O error.
    func next() throws(InputError) -> [UInt8]? {
        guard atStart else { return try read() }
        atStart = false
        // Gather at least three bytes (or the whole file) to recognise a byte-order mark.
        var first: [UInt8] = []
        while first.count < 3, let more = try read() { first += more }
        if first.starts(with: [0xEF, 0xBB, 0xBF]) { first.removeFirst(3) }
        return first.isEmpty ? try read() : first
    }

    private func read() throws(InputError) -> [UInt8]? {
        do {
            guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else { return nil }
            return [UInt8](data)
        } catch {
            throw InputError(file: displayPath, line: nil, field: nil, message: "read failed: \(error.localizedDescription)")
        }
    }

    deinit {
        try? handle.close()
    }
}

extension Array where Element == UInt8 {
    /// The index of the first `byte` at or after `start`.
    ///
    /// - Complexity: O(n).
    func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        guard start < count else { return nil }
        return self[start...].firstIndex(of: byte)
    }
}

/// Decodes UTF-8, or reports the 1-based byte offset of the first invalid sequence.
///
/// - Returns: `.success(string)` or `.failure(offset)`.
func decodeUTF8(_ bytes: ArraySlice<UInt8>) -> Result<String, UTF8Failure> {
    if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
        switch decoder.decode(&iterator) {
        case let .scalarValue(scalar): offset += UTF8.width(scalar)
        case .emptyInput, .error: return .failure(UTF8Failure(byteOffset: offset + 1))
        }
    }
}

/// Where a byte sequence stops being valid UTF-8.
struct UTF8Failure: Error {
    /// 1-based offset of the first invalid byte.
    let byteOffset: Int
}
