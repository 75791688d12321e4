import Foundation

/// Cuts the top-level elements out of a JSON array file without parsing the whole file.
///
/// Tracks strings, escapes and bracket depth byte by byte; each element's bytes go to the caller
/// with the line where the element starts, to be parsed on their own.
struct JSONArrayScanner {
    let url: URL
    let displayPath: String
    let maxElementBytes: Int
    let chunkSize: Int

    private enum State {
        case beforeArray, beforeElement, inElement, afterElement, afterArray
    }

    /// Calls `body` for every element, then once more with `.bad` if the array is cut off.
    ///
    /// Structural problems (no `[`, junk between elements) are delivered as `.bad` and end the scan.
    /// - Complexity: O(file size) time; memory O(chunkSize + maxElementBytes).
    func scan(_ body: (ScanEvent) throws -> Void) throws {
        let chunks = try FileChunks(url: url, displayPath: displayPath, chunkSize: chunkSize)
        defer { chunks.close() }
        var state = State.beforeArray
        var line = 1
        var element: [UInt8] = []
        var elementLine = 1
        var depth = 0
        var inString = false
        var escaped = false
        var oversized = false
        var isFirstByte = true

        func fail(_ message: String, at failLine: Int) -> ScanEvent {
            .bad(InputError(file: displayPath, line: failLine, field: nil, message: message))
        }
        func finishElement() throws {
            if oversized {
                try body(fail("array element is longer than \(LineReader.describe(bytes: maxElementBytes))", at: elementLine))
            } else {
                try body(.record(line: elementLine, bytes: element))
            }
            element.removeAll(keepingCapacity: true)
            oversized = false
        }

        while let chunk = try chunks.next() {
            var index = 0
            if isFirstByte {
                isFirstByte = false
                if chunk.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            }
            while index < chunk.count {
                let byte = chunk[index]
                index += 1
                switch state {
                case .inElement:
                    if inString {
                        if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                    } else if byte == UInt8(ascii: "\"") {
                        inString = true
                    } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                        depth += 1
                    } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                        if depth == 0 {
                            // A scalar element ends at the array's closing bracket.
                            guard byte == UInt8(ascii: "]") else {
                                try body(fail("unexpected '}' in the array", at: line)); return
                            }
                            try finishElement()
                            state = .afterArray
                            continue
                        }
                        depth -= 1
                        if depth == 0 {
                            if !oversized { element.append(byte) }
                            try finishElement()
                            state = .afterElement
                            continue
                        }
                    } else if byte == UInt8(ascii: ","), depth == 0 {
                        try finishElement()
                        state = .beforeElement
                        continue
                    }
                    if byte == 0x0A { line += 1 }
                    if !oversized {
                        element.append(byte)
                        if element.count > maxElementBytes { oversized = true; element = [] }
                    }
                case .beforeArray, .beforeElement, .afterElement, .afterArray:
                    if byte == 0x0A { line += 1; continue }
                    if byte == 0x20 || byte == 0x09 || byte == 0x0D { continue }
                    switch (state, byte) {
                    case (.beforeArray, UInt8(ascii: "[")):
                        state = .beforeElement
                    case (.beforeArray, _):
                        try body(fail("expected a JSON array ('[') at the top of the file, got \(Self.describe(byte))", at: line))
                        return
                    case (.beforeElement, UInt8(ascii: "]")):
                        state = .afterArray
                    case (.beforeElement, UInt8(ascii: ",")):
                        try body(fail("unexpected ',' in the array (an empty element)", at: line))
                        return
                    case (.beforeElement, _):
                        state = .inElement
                        elementLine = line
                        depth = (byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[")) ? 1 : 0
                        inString = byte == UInt8(ascii: "\"")
                        escaped = false
                        element.append(byte)
                    case (.afterElement, UInt8(ascii: ",")):
                        state = .beforeElement
                    case (.afterElement, UInt8(ascii: "]")):
                        state = .afterArray
                    case (.afterElement, _):
                        try body(fail("expected ',' or ']' after the element starting at line \(elementLine), got \(Self.describe(byte))", at: line))
                        return
                    default:
                        try body(fail("unexpected \(Self.describe(byte)) after the array's closing ']'", at: line))
                        return
                    }
                }
            }
        }
        switch state {
        case .afterArray: return
        case .beforeArray: try body(fail("the file is empty; expected a JSON array", at: line))
        case .inElement:
            try body(fail("truncated JSON array: the file ends inside the element starting at line \(elementLine)", at: elementLine))
        case .beforeElement, .afterElement:
            try body(fail("truncated JSON array: the file ends before the closing ']'", at: line))
        }
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
