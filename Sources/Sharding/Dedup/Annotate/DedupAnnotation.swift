import Foundation
import PersonaKit

/// What `spb-analyze dedup --annotate` adds to one input record: `duplicate_of` (the id of the kept record it
/// duplicates) and `score` (their cosine), both null when the record is kept; with `reason` (see
/// ``columns(withReason:)``) also why it was dropped.
public struct DedupAnnotation: Sendable, Equatable {
    /// The kept record's id, or for a reference match (`--against`) the reference record's; nil when kept or
    /// withdrawn by selection.
    public var duplicateOf: String?
    /// Their cosine; nil with ``duplicateOf``.
    public var score: Float?
    /// `duplicate`, `selection` or `reference`; nil when kept.
    public var reason: String?

    /// A kept record's annotation.
    public static let kept = DedupAnnotation()

    /// Creates an annotation (all nil: kept).
    public init(duplicateOf: String? = nil, score: Float? = nil, reason: String? = nil) {
        self.duplicateOf = duplicateOf
        self.score = score
        self.reason = reason
    }

    /// The reason of a reference match (`--against`).
    public static let referenceReason = "reference"

    /// The added column names: `duplicate_of`, `score`, and `reason` when a record can be dropped for something
    /// else than duplicating a kept record (`--keep N --by diversity`, `--against`).
    public static func columns(withReason: Bool) -> [String] {
        ["duplicate_of", "score"] + (withReason ? ["reason"] : [])
    }

    /// The score rounded to 6 decimals, as `drops.csv` writes it.
    public var roundedScore: Double? { score.map { (Double($0) * 1e6).rounded() / 1e6 } }

    /// The annotation's values as JSON, in ``columns(withReason:)`` order.
    func jsonValues(withReason: Bool) -> [JSONValue] {
        [duplicateOf.map(JSONValue.string) ?? .null, roundedScore.map(JSONValue.number) ?? .null]
            + (withReason ? [reason.map(JSONValue.string) ?? .null] : [])
    }

    /// The annotation's values as CSV fields (empty for null), in ``columns(withReason:)`` order.
    func csvFields(withReason: Bool) -> [String] {
        [duplicateOf ?? "", score.map { String(format: "%.6f", $0) } ?? ""] + (withReason ? [reason ?? ""] : [])
    }

    /// One annotation per input record, in input order.
    /// - Parameters:
    ///   - count: input records, before any `--against` match was taken out.
    ///   - decision: the dedup's decision over the records left after `--against` (all of them without it).
    ///   - ids: those records' ids.
    ///   - against: the reference matches (`--against`), by input row.
    /// - Complexity: O(n).
    public static func rows(count: Int, decision: DedupDecision, ids: [String], against: ReferenceMatches?) -> [DedupAnnotation] {
        var annotations = [DedupAnnotation](repeating: .kept, count: count)
        let matched = Set(against?.matches.map(\.row) ?? [])
        for match in against?.matches ?? [] where annotations.indices.contains(match.row) {
            annotations[match.row] = DedupAnnotation(duplicateOf: match.referenceID, score: match.score, reason: referenceReason)
        }
        let rows = (0 ..< count).filter { !matched.contains($0) }
        for drop in decision.drops where rows.indices.contains(drop.dropped) {
            annotations[rows[drop.dropped]] = DedupAnnotation(duplicateOf: drop.keptBy.map { ids[$0] }, score: drop.score, reason: drop.reason.rawValue)
        }
        return annotations
    }
}
