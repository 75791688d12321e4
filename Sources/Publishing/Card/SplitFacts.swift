import Analysis
import Foundation
import Parquet
import PersonaKit

/// What a `split-report.json` (``PublishedFiles/splitReport``) says, read tolerantly as JSON: items
/// per split (`sizes`, an array in split order or an object) and the leakage figures (`leakage`:
/// per-split `parts` with `leaked`/`items`, else any object flattened to rows), taken from the
/// written split (`groupAware`) when present, with the random baseline (`random`) for comparison.
public struct SplitFacts: Sendable, Equatable {
    /// Items per split, in ``PublishedFiles/splits`` order, then any other split names.
    public var sizes: [Row]
    /// Leakage figures, flattened (`a.b: value`), in key order.
    public var leakage: [Row]
    /// The split files found beside the report that hold at least one record, relative to its folder,
    /// in split order (names from ``PublishedFiles/split(_:format:)``, JSONL or Parquet). An empty
    /// split's file is left out: the card's `configs` must not name it, since `datasets.load_dataset`
    /// refuses a split with no data.
    public var files: [String]

    /// One figure.
    public struct Row: Sendable, Equatable {
        /// The key (nested keys joined with " · ").
        public var name: String
        /// The value, formatted like the audit's numbers (whole numbers with thousands separators,
        /// fractions with three decimals).
        public var value: String
    }

    /// Reads `directory/split-report.json`; nil when absent.
    /// - Throws: `InputError` naming the file when it is not a JSON object.
    public static func read(directory: URL) throws -> SplitFacts? {
        let url = directory.appendingPathComponent(PublishedFiles.splitReport)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let value: JSONValue
        do { value = try JSONValue.parse(Array(try Data(contentsOf: url))) } catch {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "not valid JSON (\(error))")
        }
        guard case .object = value else { throw InputError(file: url.relativePath, line: nil, field: nil, message: "expected a JSON object") }
        // `spb-analyze split` nests the written split under `groupAware` (a random baseline under `random`);
        // a flat report with `sizes` and `leakage` at the top is read the same way.
        let outcome = value["groupAware"] ?? value
        var sizes = [Row]()
        switch outcome["sizes"] {
        case let .object(fields)?:
            let order = PublishedFiles.splits + fields.keys.filter { !PublishedFiles.splits.contains($0) }.sorted()
            for name in order { if let field = fields[name], let text = format(field) { sizes.append(Row(name: name, value: text)) } }
        case let .array(items)?:
            for (name, item) in zip(PublishedFiles.splits, items) { if let text = format(item) { sizes.append(Row(name: name, value: text)) } }
        default:
            break
        }
        var leakage = [Row]()
        if let figures = outcome["leakage"] {
            if case let .array(parts)? = figures["parts"] {
                let tau = figures["threshold"].flatMap { if case let .number(t) = $0 { Format.decimal(t, 2) } else { nil } } ?? "τ"
                for part in parts + [figures["combined"]].compactMap({ $0 }) { if let row = leakageRow(part, tau: tau, label: nil) { leakage.append(row) } }
                if let baseline = value["random"]?["leakage"]?["combined"], let row = leakageRow(baseline, tau: tau, label: "random split of the same items, for comparison") {
                    leakage.append(row)
                }
            } else {
                flatten(figures, prefix: "", into: &leakage)
            }
        }
        let files = PublishedFiles.splits.flatMap { name in PublishedFiles.SplitFormat.allCases.map { (name, $0) } }
            .filter { holdsRecords(directory.appendingPathComponent(PublishedFiles.split($0, format: $1)), format: $1) }
            .map { PublishedFiles.split($0, format: $1) }
        return SplitFacts(sizes: sizes, leakage: leakage, files: files)
    }

    /// Whether the split file at `url` exists and holds a record: a JSONL file that is not empty, a
    /// Parquet file whose footer counts a row.
    static func holdsRecords(_ url: URL, format: PublishedFiles.SplitFormat) -> Bool {
        switch format {
        case .jsonl: ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.intValue ?? 0 > 0
        case .parquet: ((try? ParquetFile(url: url))?.rowCount ?? 0) > 0
        }
    }

    /// The file found for split `name` (JSONL or Parquet), nil when there is none.
    public func file(of name: String) -> String? {
        PublishedFiles.SplitFormat.allCases.map { PublishedFiles.split(name, format: $0) }.first(where: files.contains)
    }

    /// One split's leakage: "validation: items whose nearest train item is at cosine ≥ τ" → "2 of 60 (3.3%)".
    static func leakageRow(_ part: JSONValue, tau: String, label: String?) -> Row? {
        guard case let .number(leaked)? = part["leaked"], case let .number(items)? = part["items"] else { return nil }
        let split = label ?? (part["split"].flatMap { if case let .string(name) = $0 { name } else { nil } } ?? "held-out")
        let share = items > 0 ? leaked / items : 0
        return Row(name: "\(split): items whose nearest train item is at cosine ≥ \(tau)",
                   value: "\(Format.count(Int(leaked))) of \(Format.count(Int(items))) (\(Format.percent(share)))")
    }

    static func flatten(_ value: JSONValue, prefix: String, into rows: inout [Row]) {
        switch value {
        case let .object(fields):
            for key in fields.keys.sorted() { if let field = fields[key] { flatten(field, prefix: prefix.isEmpty ? key : prefix + " · " + key, into: &rows) } }
        case let .array(items):
            let parts = items.compactMap(format)
            if !parts.isEmpty && parts.count == items.count { rows.append(Row(name: prefix, value: parts.joined(separator: ", "))) }
        default:
            if let text = format(value) { rows.append(Row(name: prefix.isEmpty ? "leakage" : prefix, value: text)) }
        }
    }

    /// A scalar formatted with the audit's ``Format``; nil for objects, arrays and null.
    static func format(_ value: JSONValue) -> String? {
        switch value {
        case let .number(number): number.rounded() == number && abs(number) < 1e15 ? Format.count(Int(number)) : Format.decimal(number, 3)
        case let .string(text): text.count <= 80 ? text : nil
        case let .bool(flag): flag ? "yes" : "no"
        default: nil
        }
    }
}
