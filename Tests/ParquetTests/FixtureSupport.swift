import Foundation
import Parquet
import TestSupport

/// The fixtures of Tests/ParquetTests/Fixtures (written by Benchmarks/python/parquet/make_fixtures.py)
/// and the helpers that compare what the reader makes of them with the JSONL twin.
enum Fixtures {
    /// One entry of manifest.json.
    struct Entry: Decodable, Sendable, CustomStringConvertible {
        let file: String
        let writer: String
        let expect: String
        let options: String?
        let column: String?
        let feature: String?
        let readable: [String]?

        var description: String { "\(file)\(column.map { " [\($0)]" } ?? "")" }
    }

    /// The fixtures folder inside the test bundle.
    static let directory: URL = {
        Bundle.module.resourceURL?.appendingPathComponent("Fixtures") ?? URL(fileURLWithPath: "Fixtures")
    }()

    /// The URL of fixture `name`.
    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// Every manifest entry.
    static let manifest: [Entry] = {
        guard let data = try? Data(contentsOf: url("manifest.json")),
              let entries = try? JSONDecoder().decode([Entry].self, from: data) else { return [] }
        return entries
    }()

    /// The entries whose file holds the persona rows.
    static var personaFiles: [Entry] { manifest.filter { $0.expect == "personas" } }

    /// The entries that name an unsupported column.
    static var unsupportedColumns: [Entry] { manifest.filter { $0.expect == "error" } }

    /// The persona rows of personas.jsonl, as parsed JSON objects (parsed on each call; 60 short lines).
    static var personaRecords: [[String: Any]] {
        guard let text = try? String(contentsOf: url("personas.jsonl"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    /// The persona columns as our writer declares them (the fixtures' schema in the writer's types).
    static let personaColumns: [ParquetColumn] = [
        ParquetColumn(name: "id", type: .int64, isNullable: false),
        ParquetColumn(name: "name", type: .string),
        ParquetColumn(name: "username", type: .string),
        ParquetColumn(name: "age", type: .int64),
        ParquetColumn(name: "visits", type: .int64),
        ParquetColumn(name: "balance", type: .int64),
        ParquetColumn(name: "traits", type: .stringList),
        ParquetColumn(name: "languages", type: .stringList, elementsAreNullable: false),
        ParquetColumn(name: "lucky_numbers", type: .list(.int64)),
        ParquetColumn(name: "background", type: .string),
        ParquetColumn(name: "chatting_style", type: .string),
        ParquetColumn(name: "score", type: .double),
        ParquetColumn(name: "height", type: .double),
        ParquetColumn(name: "active", type: .bool),
    ]

    /// The persona rows as cells of ``personaColumns``.
    static var personaRows: [[String: ParquetValue]] {
        personaRecords.map { record in
            Dictionary(uniqueKeysWithValues: personaColumns.map { ($0.name, cell(record[$0.name], as: $0.type)) })
        }
    }

    /// Every row of `file`, read group by group through ``ParquetFile/rows(columns:)``.
    static func allRows(of file: ParquetFile) throws(ParquetError) -> [[String: ParquetValue]] {
        var rows: [[String: ParquetValue]] = []
        var iterator = file.rows()
        while let row = try iterator.next() { rows.append(row) }
        return rows
    }

    /// Whether two rows agree cell by cell (see ``agree(_:_:)``).
    static func agree(_ a: [String: ParquetValue], _ b: [String: ParquetValue]) -> Bool {
        a.count == b.count && a.allSatisfy { key, value in b[key].map { agree(value, $0) } ?? false }
    }

    /// A fresh path in the temporary directory.
    static func temporaryURL(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("parquet-\(label)-\(UUID().uuidString).parquet")
    }

    /// The JSON value `json` as the cell a column of `type` must hold.
    static func cell(_ json: Any?, as type: ParquetColumnType) -> ParquetValue {
        guard let json, !(json is NSNull) else { return .null }
        switch type {
        case .string: return (json as? String).map(ParquetValue.string) ?? .null
        case .int64: return (json as? NSNumber).map { .int($0.int64Value) } ?? .null
        case .double: return (json as? NSNumber).map { .double($0.doubleValue) } ?? .null
        case .bool: return (json as? Bool).map(ParquetValue.bool) ?? .null
        case let .list(element): return (json as? [Any]).map { .list($0.map { cell($0, as: element) }) } ?? .null
        case .unsupported: return .null
        }
    }

    /// Whether two cells agree (doubles within 1e-9 relative; everything else exactly).
    static func agree(_ a: ParquetValue, _ b: ParquetValue) -> Bool {
        switch (a, b) {
        case let (.double(x), .double(y)): return isClose(x, y, absolute: 1e-12, relative: 1e-9)
        case let (.list(x), .list(y)): return x.count == y.count && zip(x, y).allSatisfy { agree($0, $1) }
        default: return a == b
        }
    }
}
