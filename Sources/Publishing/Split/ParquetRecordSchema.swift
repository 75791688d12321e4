import Parquet
import PersonaKit

/// The Parquet columns of a set of JSON records (the split files' records), and each record as a row.
///
/// A column per top-level key, typed from every record's value so the three split files share one
/// schema: strings → string, whole numbers → int64, other numbers → double, booleans → bool,
/// arrays of those → a list of them; a key whose values mix types or hold objects or nested
/// arrays is a string column of each value's JSON text. Every column is nullable (a record
/// without the key, or with null, has a null cell); a column with only nulls is a string
/// column, a list with only empty lists a list of strings. Persona keys come first in the
/// card's order (so `age` is int64, `traits` list<string>, `username` a nullable string),
/// then the other keys sorted.
struct ParquetRecordSchema {
    /// The columns, in file order.
    let columns: [ParquetColumn]

    /// The schema of `records` (JSON objects; other values contribute no columns).
    ///
    /// - Complexity: O(total size of the records).
    init(inferringFrom records: [JSONValue]) {
        var seen: [String: Shape] = [:]
        for case let .object(fields) in records {
            for (key, value) in fields { seen[key] = Shape.merge(seen[key] ?? .nothing, Shape(of: value)) }
        }
        let known = Persona.keyOrder.filter { seen[$0] != nil }
        let others = seen.keys.filter { !Persona.keyOrder.contains($0) }.sorted()
        columns = (known + others).map { ParquetColumn(name: $0, type: seen[$0, default: .nothing].columnType) }
    }

    /// `record`'s cells in column order (null for a missing key).
    func row(_ record: JSONValue) -> [ParquetValue] {
        columns.map { column in Self.cell(record[column.name] ?? .null, as: column.type) }
    }

    private static func cell(_ value: JSONValue, as type: ParquetColumnType) -> ParquetValue {
        switch (type, value) {
        case (_, .null): .null
        case let (.string, .string(text)): .string(text)
        case (.string, _): .string(value.jsonText)
        case let (.int64, .number(number)): .int(Int64(number))
        case let (.double, .number(number)): .double(number)
        case let (.bool, .bool(flag)): .bool(flag)
        case let (.list(element), .array(items)): .list(items.map { cell($0, as: element) })
        default: .string(value.jsonText)
        }
    }

    /// What the values of one key have been so far.
    private indirect enum Shape: Equatable {
        case nothing, string, integer, number, boolean, json
        case list(Shape)

        init(of value: JSONValue) {
            switch value {
            case .null: self = .nothing
            case .string: self = .string
            case let .number(number): self = number.rounded() == number && abs(number) < 0x1p63 ? .integer : .number
            case .bool: self = .boolean
            case .object: self = .json
            case let .array(items):
                let element = items.reduce(Shape.nothing) { Shape.merge($0, Shape(of: $1)) }
                switch element {
                case .list, .json: self = .json
                default: self = .list(element)
                }
            }
        }

        static func merge(_ a: Shape, _ b: Shape) -> Shape {
            switch (a, b) {
            case (.nothing, _): return b
            case (_, .nothing): return a
            case (.integer, .number), (.number, .integer): return .number
            case let (.list(x), .list(y)):
                let element = merge(x, y)
                switch element {
                case .list, .json: return .json
                default: return .list(element)
                }
            default: return a == b ? a : .json
            }
        }

        var columnType: ParquetColumnType {
            switch self {
            case .nothing, .string, .json: .string
            case .integer: .int64
            case .number: .double
            case .boolean: .bool
            case let .list(element): .list(element == .nothing ? .string : element.columnType)
            }
        }
    }
}
