/// One cell of a Parquet column, as this module reads and writes it.
///
/// Integers of every width arrive as ``int(_:)``, `FLOAT` and `DOUBLE` as ``double(_:)``, and a
/// list's elements are values too (``null`` for a null element).
public enum ParquetValue: Sendable, Hashable {
    /// A null cell (or a null list element).
    case null
    /// A UTF-8 string.
    case string(String)
    /// An integer (INT32 or INT64 with any signed/unsigned annotation up to 64 bits).
    case int(Int64)
    /// A floating-point number (FLOAT widened to Double, or DOUBLE).
    case double(Double)
    /// A boolean.
    case bool(Bool)
    /// A list; each element is a scalar value or ``null``.
    case list([ParquetValue])

    /// Whether this is ``null``.
    public var isNull: Bool { self == .null }

    /// The string, when this is ``string(_:)``.
    public var stringValue: String? { if case let .string(value) = self { value } else { nil } }

    /// The integer, when this is ``int(_:)``.
    public var intValue: Int64? { if case let .int(value) = self { value } else { nil } }

    /// The number, when this is ``double(_:)``.
    public var doubleValue: Double? { if case let .double(value) = self { value } else { nil } }

    /// The boolean, when this is ``bool(_:)``.
    public var boolValue: Bool? { if case let .bool(value) = self { value } else { nil } }

    /// The elements, when this is ``list(_:)``.
    public var listValue: [ParquetValue]? { if case let .list(values) = self { values } else { nil } }

    /// The elements as optional strings, when this is a ``list(_:)`` of strings and nulls.
    public var stringList: [String?]? {
        guard case let .list(values) = self else { return nil }
        var strings: [String?] = []
        strings.reserveCapacity(values.count)
        for value in values {
            switch value {
            case let .string(text): strings.append(text)
            case .null: strings.append(nil)
            default: return nil
            }
        }
        return strings
    }
}
