import Foundation

/// Line-file repair used on resume.
enum JSONLinesFile {
    /// The complete lines of a JSONL file; a trailing partial line (no newline, or not
    /// valid JSON) is cut off the file on disk. A missing file reads as empty.
    /// - Returns: the kept lines with their 1-based line numbers.
    static func repair(_ url: URL) throws -> [(line: Int, text: String)] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let data = try GenerationInputs.readData(url)
        var lines = [(line: Int, text: String)]()
        var keptBytes = 0
        var start = data.startIndex, number = 0
        while start < data.endIndex {
            number += 1
            guard let newline = data[start...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let text = String(decoding: data[start ..< newline], as: UTF8.self)
            if !text.trimmingCharacters(in: .whitespaces).isEmpty { lines.append((number, text)) }
            start = data.index(after: newline)
            keptBytes = start - data.startIndex
        }
        // A last complete line that is not JSON was cut mid-record by a crash before its newline landed.
        if let last = lines.last, (try? JSONSerialization.jsonObject(with: Data(last.text.utf8))) == nil {
            lines.removeLast()
            keptBytes -= last.text.utf8.count + 1
        }
        if keptBytes != data.count { try truncate(url, to: keptBytes) }
        return lines
    }

    /// Cuts a file to `length` bytes and syncs it.
    static func truncate(_ url: URL, to length: Int) throws {
        do {
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.truncate(atOffset: UInt64(length))
            try handle.synchronize()
        } catch { throw GenerationError.fileSystem(url.path, "cannot truncate", error) }
    }
}
