import Foundation
import RunFormat

/// What became of a run's attempts, counted from `events.jsonl` (one line per attempt, its
/// `decision`), or from `rejected.jsonl` (its `reason`) when a run has no events.
public struct RunOutcome: Sendable, Equatable {
    /// Attempts settled (events only; nil when counted from `rejected.jsonl`).
    public var attempts: Int?
    /// Accepted attempts (events only).
    public var accepted: Int?
    /// Rejections by reason (`duplicate`, `invalid-json`, …), most frequent first, ties by name.
    public var rejectedByReason: [(reason: String, count: Int)]
    /// Attempts cancelled by a stop or beyond the target (events only).
    public var cancelledOrSurplus: Int
    /// Accepted candidates the encoder could not read (checked for exact duplicates only).
    public var unreadableAccepted: Int
    /// Which file the counts came from.
    public var source: String

    /// All rejections.
    public var rejected: Int { rejectedByReason.reduce(0) { $0 + $1.count } }

    public static func == (a: RunOutcome, b: RunOutcome) -> Bool {
        a.attempts == b.attempts && a.accepted == b.accepted && a.cancelledOrSurplus == b.cancelledOrSurplus
            && a.unreadableAccepted == b.unreadableAccepted && a.source == b.source
            && a.rejectedByReason.map(\.reason) == b.rejectedByReason.map(\.reason) && a.rejectedByReason.map(\.count) == b.rejectedByReason.map(\.count)
    }

    /// Counts a run directory's attempts; nil when it has neither events nor rejects. A `not-selected` event
    /// is a second line for an accepted attempt that selection steering withdrew: it moves that attempt
    /// from the accepted to the rejections.
    /// - Throws: `InputError` naming the file, the line and the field of a line that is not such a record.
    public static func read(runDirectory: URL) throws -> RunOutcome? {
        let events = runDirectory.appendingPathComponent(RunFiles.events)
        let rejects = runDirectory.appendingPathComponent(RunFiles.rejected)
        var reasons = [String: Int]()
        if FileManager.default.fileExists(atPath: events.path) {
            var attempts = 0, accepted = 0, other = 0, unreadable = 0
            try RunRecordCoding.forEach(AttemptEvent.self, in: events) { _, event in
                attempts += 1
                switch event.decision {
                case RejectReason.notSelected.rawValue: // a second line for an accepted attempt, which selection withdrew at the end
                    attempts -= 1
                    accepted -= 1
                    reasons[event.decision, default: 0] += 1
                case AttemptEvent.accepted:
                    accepted += 1
                    if event.unreadableShare != nil { unreadable += 1 }
                case AttemptEvent.cancelled, AttemptEvent.surplus: other += 1
                default: reasons[event.decision, default: 0] += 1
                }
            }
            return RunOutcome(attempts: attempts, accepted: accepted, rejectedByReason: sorted(reasons), cancelledOrSurplus: other,
                              unreadableAccepted: unreadable, source: RunFiles.events)
        }
        guard FileManager.default.fileExists(atPath: rejects.path) else { return nil }
        try RunRecordCoding.forEach(RejectedCandidate.self, in: rejects) { _, record in reasons[record.reason.rawValue, default: 0] += 1 }
        return RunOutcome(attempts: nil, accepted: nil, rejectedByReason: sorted(reasons), cancelledOrSurplus: 0, unreadableAccepted: 0,
                          source: RunFiles.rejected)
    }

    static func sorted(_ counts: [String: Int]) -> [(reason: String, count: Int)] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
