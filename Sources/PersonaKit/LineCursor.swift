import Foundation

/// Pulls the lines of a file one at a time (the engine behind ``LineReader``).
///
/// Memory: one chunk plus at most one line of `maxLineBytes`.
struct LineCursor {
    let displayPath: String
    let maxLineBytes: Int
    private let chunks: FileChunks
    private var chunk: [UInt8] = []
    private var offset = 0
    private var pending: [UInt8] = []
    private var number = 1
    private var discarding = false  // inside a line already reported as too long
    private var atEnd = false

    /// Opens `url`.
    ///
    /// - Throws: ``InputError`` when the file cannot be opened.
    init(url: URL, displayPath: String, maxLineBytes: Int, chunkSize: Int) throws(InputError) {
        self.displayPath = displayPath
        self.maxLineBytes = maxLineBytes
        chunks = try FileChunks(url: url, displayPath: displayPath, chunkSize: chunkSize)
    }

    /// The next line, a failure for a bad line (too long, not UTF-8), or nil at the end.
    ///
    /// - Throws: ``InputError`` on an I/O error.
    mutating func next() throws(InputError) -> Result<LineReader.Line, InputError>? {
        while true {
            if offset < chunk.count {
                if let newline = chunk.firstIndex(of: 0x0A, from: offset) {
                    let start = offset
                    let lineNumber = number
                    offset = newline + 1
                    number += 1
                    if discarding { discarding = false; continue }
                    if pending.isEmpty { return decode(chunk[start..<newline], number: lineNumber, terminated: true) }
                    pending.append(contentsOf: chunk[start..<newline])
                    defer { pending.removeAll(keepingCapacity: true) }
                    return decode(pending[...], number: lineNumber, terminated: true)
                }
                if !discarding { pending.append(contentsOf: chunk[offset...]) }
                offset = chunk.count
                if !discarding, pending.count > maxLineBytes + 1 {  // +1: room for a `\r`
                    discarding = true
                    pending = []
                    return .failure(tooLong(number))
                }
            }
            if atEnd { return nil }
            if let next = try chunks.next() {
                chunk = next
                offset = 0
            } else {
                atEnd = true
                chunk = []
                offset = 0
                if !discarding, !pending.isEmpty {
                    defer { pending = [] }
                    return decode(pending[...], number: number, terminated: false)
                }
                return nil
            }
        }
    }

    private func tooLong(_ number: Int) -> InputError {
        InputError(file: displayPath, line: number, field: nil,
                   message: "line is longer than \(maxLineBytes) bytes (limit \(LineReader.describe(bytes: maxLineBytes)))")
    }

    private func decode(_ raw: ArraySlice<UInt8>, number: Int, terminated: Bool) -> Result<LineReader.Line, InputError> {
        var bytes = raw
        if bytes.last == 0x0D { bytes = bytes.dropLast() }
        if bytes.count > maxLineBytes { return .failure(tooLong(number)) }
        switch decodeUTF8(bytes) {
        case let .success(text):
            return .success(LineReader.Line(number: number, text: text, isTerminated: terminated))
        case let .failure(failure):
            return .failure(InputError(file: displayPath, line: number, field: nil,
                                       message: "invalid UTF-8 at byte \(failure.byteOffset) of the line"))
        }
    }
}
