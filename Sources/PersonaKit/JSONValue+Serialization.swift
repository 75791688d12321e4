extension JSONValue {
    /// Compact JSON text for this value: no newlines (so it fits one JSONL line), object keys sorted.
    ///
    /// Integral numbers below 1e15 in magnitude are written without a fraction ("42", not "42.0").
    /// Non-ASCII characters are written as UTF-8, control characters escaped.
    public var jsonText: String {
        var output = ""
        Self.write(self, to: &output)
        return output
    }

    /// Appends the compact JSON text of `value` to `output`.
    static func write(_ value: JSONValue, to output: inout String) {
        switch value {
        case .null: output += "null"
        case let .bool(flag): output += flag ? "true" : "false"
        case let .number(number): writeNumber(number, to: &output)
        case let .string(text): writeString(text, to: &output)
        case let .array(elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                write(element, to: &output)
            }
            output += "]"
        case let .object(fields):
            writeObject(fields.sorted { $0.key < $1.key }, to: &output)
        }
    }

    /// Appends an object whose members are written in the given order.
    static func writeObject(_ members: [(key: String, value: JSONValue)], to output: inout String) {
        output += "{"
        for (index, member) in members.enumerated() {
            if index > 0 { output += "," }
            writeString(member.key, to: &output)
            output += ":"
            write(member.value, to: &output)
        }
        output += "}"
    }

    static func writeNumber(_ number: Double, to output: inout String) {
        if !number.isFinite {
            output += "null"  // JSON has no NaN or infinity.
        } else if number.rounded() == number, abs(number) < 1e15 {
            output += String(Int64(number))
        } else {
            output += "\(number)"
        }
    }

    static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
