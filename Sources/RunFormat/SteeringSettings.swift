import Foundation

/// Closed-loop diversity: which steering parts a run uses, and their thresholds (recorded in the manifest's
/// `config.steering`, which the audit reads back).
///
/// - `phrases`: phrase templates (the audit's openings and n-grams of `background` and `chatting_style`)
///   used by at least ``phraseShare`` of the accepted personas, once ``phraseMinimumAccepted`` are accepted,
///   are banned: named in the prompt's `{avoid}` list, and a candidate using one is rejected `overused-phrase`.
///   A template the model copies from the list (used by candidates whose prompt named it more than
///   ``copyGuardFactor`` × as often as by the accepted personas when it was banned) stops being named
///   (see Generation's `CopyGuard`).
/// - `crowding` (semantic gate only): a candidate that passes the gate is still rejected `crowded` when its log-determinant
///   gain against its ``crowdingNeighbors`` nearest held personas is among the lowest ``crowdingShare`` of the recent
///   candidates' gains and below ``crowdingCeiling`` (see Generation's `CrowdingRule`).
/// - `coverage`: references spread over all accepted personas instead of the last 20, and professions and
///   life contexts sampled with weights corrected by what was accepted (see Generation's `ComponentTally`).
/// - `selection`: the run gathers ``selectionOversample`` more personas than its target, then keeps the
///   target: no phrase template in more than ``selectionCapShare`` of them, and the rest chosen for the
///   highest Vendi score (see Generation's `FinalSelection`). The surplus is withdrawn `not-selected`.
///
/// Steering's rejections (`overused-phrase`, `crowded`) spend a budget: at most ``rejectionBudget`` per
/// accepted persona over the run. A candidate steering would reject once the budget is spent is accepted
/// and its event says what was waived, so a model that cannot follow the feedback costs at most that
/// many extra attempts per persona instead of stalling the run.
public struct SteeringSettings: Sendable, Codable, Equatable {
    /// One part of steering.
    public enum Part: String, Sendable, Codable, CaseIterable, Comparable {
        case phrases, crowding, coverage, selection

        public static func < (a: Part, b: Part) -> Bool { a.rawValue < b.rawValue }
    }

    /// The parts switched on.
    public var parts: Set<Part>
    /// Share of accepted personas at which a phrase template is banned.
    public var phraseShare: Double
    /// Accepted personas needed before any template is banned.
    public var phraseMinimumAccepted: Int
    /// How many nearest held personas the crowding rule measures a candidate against.
    public var crowdingNeighbors: Int
    /// The share of recent candidates' gains a crowded candidate falls below.
    public var crowdingShare: Double
    /// The highest gain ever called crowded.
    public var crowdingCeiling: Double
    /// Steering rejections allowed per accepted persona (one more persona's worth at the start).
    public var rejectionBudget: Double
    /// How many times more often than at its ban candidates must use a template the avoid list named
    /// before it stops being named (the copy guard; 0 names banned templates to the end).
    public var copyGuardFactor: Double
    /// Selection: personas gathered beyond the target, as a share of it (0.25: 125 held for 100 kept).
    public var selectionOversample: Double
    /// Selection: the most kept personas one phrase template may have, as a share of the target (at least 2).
    public var selectionCapShare: Double

    /// The parts on when `--steer` is not given: the one constant to flip once the benchmark decides.
    public static let defaultParts: Set<Part> = []
    /// Default of ``phraseShare``.
    public static let defaultPhraseShare = 0.08
    /// Default of ``phraseMinimumAccepted``.
    public static let defaultPhraseMinimumAccepted = 40
    /// Default of ``crowdingNeighbors``.
    public static let defaultCrowdingNeighbors = 8
    /// Default of ``crowdingShare``: the third of candidates that add the least, which a budget of half a
    /// rejection per accepted persona can afford (on a replay of an unsteered SmolLM2 run it bought
    /// more Vendi per attempt than any fixed floor; `Benchmarks/steering_replay.py`).
    public static let defaultCrowdingShare = 0.33
    /// Default of ``crowdingCeiling``: ln 0.5, so a candidate with at least half of its squared length
    /// outside its neighbours' span is never crowded.
    public static let defaultCrowdingCeiling = -0.69
    /// Default of ``rejectionBudget``: half a rejection per accepted persona, so steering adds at most
    /// half of the unsteered attempts per persona (the cost bound, 1.5×).
    public static let defaultRejectionBudget = 0.5
    /// Default of ``rejectionBudget`` with selection on, which spends most of the extra attempts itself
    /// (chosen on a replay of seed 42's unsteered SmolLM2 run; `Benchmarks/RESULTS.md`).
    public static let defaultRejectionBudgetWithSelection = 0.15
    /// Default of ``selectionOversample``.
    public static let defaultSelectionOversample = 0.25
    /// Default of ``selectionCapShare``: 3 %, under half the share of the most used template of an
    /// unsteered SmolLM2 run (7 %).
    public static let defaultSelectionCapShare = 0.03
    /// Default of ``copyGuardFactor``: twice the share at ban, so a model that merely ignores the list
    /// (and keeps using a template about as often as before) is not mistaken for one that copies it.
    public static let defaultCopyGuardFactor = 2.0
    /// How many banned templates the prompt's avoid list names (the most used first).
    public static let avoidListLength = 10

    /// Settings with the defaults for everything not given.
    public init(parts: Set<Part> = SteeringSettings.defaultParts, phraseShare: Double = SteeringSettings.defaultPhraseShare,
                phraseMinimumAccepted: Int = SteeringSettings.defaultPhraseMinimumAccepted,
                crowdingNeighbors: Int = SteeringSettings.defaultCrowdingNeighbors, crowdingShare: Double = SteeringSettings.defaultCrowdingShare,
                crowdingCeiling: Double = SteeringSettings.defaultCrowdingCeiling, rejectionBudget: Double? = nil,
                copyGuardFactor: Double = SteeringSettings.defaultCopyGuardFactor,
                selectionOversample: Double = SteeringSettings.defaultSelectionOversample,
                selectionCapShare: Double = SteeringSettings.defaultSelectionCapShare) {
        self.parts = parts
        self.phraseShare = phraseShare
        self.phraseMinimumAccepted = phraseMinimumAccepted
        self.crowdingNeighbors = crowdingNeighbors
        self.crowdingShare = crowdingShare
        self.crowdingCeiling = crowdingCeiling
        self.rejectionBudget = rejectionBudget ?? Self.defaultRejectionBudget(parts: parts)
        self.copyGuardFactor = copyGuardFactor
        self.selectionOversample = selectionOversample
        self.selectionCapShare = selectionCapShare
    }

    /// The budget when `--steer-budget` is not given: ``defaultRejectionBudgetWithSelection`` with
    /// selection on, else ``defaultRejectionBudget``.
    public static func defaultRejectionBudget(parts: Set<Part>) -> Double {
        parts.contains(.selection) ? defaultRejectionBudgetWithSelection : defaultRejectionBudget
    }

    /// Whether `part` is on.
    public func uses(_ part: Part) -> Bool { parts.contains(part) }

    /// `none`, `all`, or the parts on, comma-separated (the form `--steer` takes).
    public var partsText: String {
        parts.isEmpty ? "none" : parts == Set(Part.allCases) ? "all" : parts.sorted().map(\.rawValue).joined(separator: ",")
    }

    enum CodingKeys: String, CodingKey {
        case parts
        case phraseShare = "phrase_share"
        case phraseMinimumAccepted = "phrase_minimum_accepted"
        case crowdingNeighbors = "crowding_neighbors"
        case crowdingShare = "crowding_share"
        case crowdingCeiling = "crowding_ceiling"
        case rejectionBudget = "rejection_budget"
        case copyGuardFactor = "copy_guard_factor"
        case selectionOversample = "selection_oversample"
        case selectionCapShare = "selection_cap_share"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        parts = Set(try container.decode([Part].self, forKey: .parts))
        phraseShare = try container.decode(Double.self, forKey: .phraseShare)
        phraseMinimumAccepted = try container.decode(Int.self, forKey: .phraseMinimumAccepted)
        crowdingNeighbors = try container.decode(Int.self, forKey: .crowdingNeighbors)
        // Manifests written before the relative cut and the budget existed get today's cut and no budget.
        crowdingShare = try container.decodeIfPresent(Double.self, forKey: .crowdingShare) ?? Self.defaultCrowdingShare
        crowdingCeiling = try container.decodeIfPresent(Double.self, forKey: .crowdingCeiling) ?? Self.defaultCrowdingCeiling
        rejectionBudget = try container.decodeIfPresent(Double.self, forKey: .rejectionBudget) ?? .infinity
        // Runs from before the copy guard named banned templates to the end.
        copyGuardFactor = try container.decodeIfPresent(Double.self, forKey: .copyGuardFactor) ?? 0
        // Runs from before selection could not have it on; the defaults only fill the record.
        selectionOversample = try container.decodeIfPresent(Double.self, forKey: .selectionOversample) ?? Self.defaultSelectionOversample
        selectionCapShare = try container.decodeIfPresent(Double.self, forKey: .selectionCapShare) ?? Self.defaultSelectionCapShare
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(parts.sorted(), forKey: .parts)
        try container.encode(phraseShare, forKey: .phraseShare)
        try container.encode(phraseMinimumAccepted, forKey: .phraseMinimumAccepted)
        try container.encode(crowdingNeighbors, forKey: .crowdingNeighbors)
        try container.encode(crowdingShare, forKey: .crowdingShare)
        try container.encode(crowdingCeiling, forKey: .crowdingCeiling)
        if rejectionBudget.isFinite { try container.encode(rejectionBudget, forKey: .rejectionBudget) }
        try container.encode(copyGuardFactor, forKey: .copyGuardFactor)
        try container.encode(selectionOversample, forKey: .selectionOversample)
        try container.encode(selectionCapShare, forKey: .selectionCapShare)
    }
}
