/// What a column holds, as this module presents it.
public indirect enum ParquetColumnType: Sendable, Hashable, CustomStringConvertible {
    /// UTF-8 strings (`BYTE_ARRAY` annotated STRING, ENUM or JSON, or plain `BYTE_ARRAY` holding valid UTF-8).
    case string
    /// Integers read as `Int64` (`INT32`/`INT64`, including the INT_8 … UINT_64 annotations); the writer writes `INT64`.
    case int64
    /// Floating-point numbers read as `Double` (`FLOAT` or `DOUBLE`); the writer writes `DOUBLE`.
    case double
    /// Booleans.
    case bool
    /// A list of the element type (3-level `LIST`, the legacy 2-level form, or a bare repeated field).
    case list(ParquetColumnType)
    /// A column this module cannot read; reading it throws ``ParquetError`` naming `feature`.
    case unsupported(feature: String)

    /// A list of strings.
    public static let stringList = ParquetColumnType.list(.string)

    /// `"string"`, `"list<string>"`, `"unsupported(map column)"`, ….
    public var description: String {
        switch self {
        case .string: "string"
        case .int64: "int64"
        case .double: "double"
        case .bool: "bool"
        case let .list(element): "list<\(element)>"
        case let .unsupported(feature): "unsupported(\(feature))"
        }
    }
}
