import Parquet

extension JSONValue {
    /// A Parquet cell as the JSON value a JSONL record would hold, so a Parquet row is read through
    /// the same persona parser and validation as a JSONL line.
    ///
    /// Strings, booleans and nulls map to themselves, lists to arrays, floating-point numbers to
    /// numbers, and integers to numbers up to 2⁵³ in magnitude; a larger integer (an id, say)
    /// becomes its decimal text, which a `Double` would round.
    ///
    /// - Parameter value: The cell.
    public init(parquet value: ParquetValue) {
        switch value {
        case .null: self = .null
        case let .string(text): self = .string(text)
        case let .bool(flag): self = .bool(flag)
        case let .double(number): self = .number(number)
        case let .int(integer):
            self = integer.magnitude <= 1 << 53 ? .number(Double(integer)) : .string(String(integer))
        case let .list(elements): self = .array(elements.map(JSONValue.init(parquet:)))
        }
    }
}
