/// How many faults of each kind one logical request met across its attempts.
public struct FaultCounts: Sendable, Equatable, CustomStringConvertible {
    private var counts: [FaultKind: Int] = [:]

    /// No faults.
    public init() {}

    /// The count for `kind` (0 when none).
    public subscript(kind: FaultKind) -> Int { counts[kind, default: 0] }

    /// The total number of faults of every kind.
    public var total: Int { counts.values.reduce(0, +) }

    /// Kinds with a non-zero count, in declaration order.
    public var kinds: [FaultKind] { counts.keys.sorted() }

    /// Counts one more fault of `kind`.
    ///
    /// - Parameter kind: The fault seen.
    public mutating func record(_ kind: FaultKind) { counts[kind, default: 0] += 1 }

    /// Adds every count of `other` to this one.
    ///
    /// - Parameter other: Counts from another request or attempt series.
    public mutating func add(_ other: FaultCounts) {
        for (kind, count) in other.counts { counts[kind, default: 0] += count }
    }

    /// Every fault as its kind's name (`rateLimited`, `timeout`, …), one entry per fault, in declaration order.
    public var list: [String] { kinds.flatMap { Array(repeating: $0.rawValue, count: self[$0]) } }

    /// `kind=count` pairs in declaration order, or `none`.
    public var description: String {
        kinds.isEmpty ? "none" : kinds.map { "\($0.rawValue)=\(self[$0])" }.joined(separator: ", ")
    }
}
