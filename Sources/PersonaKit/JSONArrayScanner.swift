import Foundation

/// Cuts the top-level elements out of a JSON array file without parsing the whole file.
///
/// Tracks strings, escapes and bracket depth byte by byte; each element's bytes go to the caller
/// with the line where the element starts, to be parsed on their own. Structural problems (no
/// `[`, junk between elements, a cut-off array) are delivered as `.bad` and end the scan.
struct JSONArrayScanner {
    private enum State {
        case beforeArray, beforeElement, inElement, afterElement, afterArray
    }

    let displayPath: String
    let maxElementBytes: Int
    private var bytes: ByteCursor
    private var done = false
    private var state = State.beforeArray
    private var line = 1
    private var element: [UInt8] = []
    private var elementLine = 1
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var oversized = false

    /// Opens `url`.
    ///
    /// - Throws: ``InputError`` when the file cannot be opened.
    init(url: URL, displayPath: String, maxElementBytes: Int, chunkSize: Int) throws(InputError) {
        self.displayPath = displayPath
        self.maxElementBytes = maxElementBytes
        bytes = try ByteCursor(url: url, displayPath: displayPath, chunkSize: chunkSize)
    }

    /// The next element or problem; nil when the scan is over.
    ///
    /// - Throws: ``InputError`` on an I/O error.
    /// - Complexity: amortised O(element size); memory O(chunkSize + maxElementBytes).
    mutating func next() throws(InputError) -> ScanEvent? {
        while !done {
            guard let byte = try bytes.next() else { return finish() }
            if let event = state == .inElement ? elementByte(byte) : structuralByte(byte) { return event }
        }
        return nil
    }

    private func fail(_ message: String, at failLine: Int) -> ScanEvent {
        .bad(InputError(file: displayPath, line: failLine, field: nil, message: message))
    }

    private mutating func finishElement() -> ScanEvent {
        defer { element.removeAll(keepingCapacity: true); oversized = false }
        if oversized {
            return fail("array element is longer than \(LineReader.describe(bytes: maxElementBytes))", at: elementLine)
        }
        return .record(line: elementLine, bytes: element)
    }

    private mutating func elementByte(_ byte: UInt8) -> ScanEvent? {
        if inString {
            if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
        } else if byte == UInt8(ascii: "\"") {
            inString = true
        } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
            depth += 1
        } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
            if depth == 0 {
                // A scalar element ends at the array's closing bracket.
                guard byte == UInt8(ascii: "]") else { done = true; return fail("unexpected '}' in the array", at: line) }
                state = .afterArray
                return finishElement()
            }
            depth -= 1
            if depth == 0 {
                if !oversized { element.append(byte) }
                state = .afterElement
                return finishElement()
            }
        } else if byte == UInt8(ascii: ","), depth == 0 {
            state = .beforeElement
            return finishElement()
        }
        if byte == 0x0A { line += 1 }
        if !oversized {
            element.append(byte)
            if element.count > maxElementBytes { oversized = true; element = [] }
        }
        return nil
    }

    private mutating func structuralByte(_ byte: UInt8) -> ScanEvent? {
        if byte == 0x0A { line += 1; return nil }
        if byte == 0x20 || byte == 0x09 || byte == 0x0D { return nil }
        switch (state, byte) {
        case (.beforeArray, UInt8(ascii: "[")), (.afterElement, UInt8(ascii: ",")):
            state = .beforeElement
        case (.beforeElement, UInt8(ascii: "]")), (.afterElement, UInt8(ascii: "]")):
            state = .afterArray
        case (.beforeArray, _):
            done = true
            return fail("expected a JSON array ('[') at the top of the file, got \(Self.describe(byte))", at: line)
        case (.beforeElement, UInt8(ascii: ",")):
            done = true
            return fail("unexpected ',' in the array (an empty element)", at: line)
        case (.beforeElement, _):
            state = .inElement
            elementLine = line
            depth = (byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[")) ? 1 : 0
            inString = byte == UInt8(ascii: "\"")
            escaped = false
            element.append(byte)
        case (.afterElement, _):
            done = true
            return fail("expected ',' or ']' after the element starting at line \(elementLine), got \(Self.describe(byte))", at: line)
        default:
            done = true
            return fail("unexpected \(Self.describe(byte)) after the array's closing ']'", at: line)
        }
        return nil
    }

    private mutating func finish() -> ScanEvent? {
        done = true
        switch state {
        case .afterArray: return nil
        case .beforeArray: return fail("the file is empty; expected a JSON array", at: line)
        case .inElement:
            return fail("truncated JSON array: the file ends inside the element starting at line \(elementLine)", at: elementLine)
        case .beforeElement, .afterElement:
            return fail("truncated JSON array: the file ends before the closing ']'", at: line)
        }
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
