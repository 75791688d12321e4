/// The `steering` object of an `events.jsonl` line: every steering decision about one attempt
/// (absent when steering is off). Fields that do not apply are left out.
public struct SteeringNote: Sendable, Codable, Equatable {
    /// The banned templates the prompt's avoid list named.
    public var avoid: [String]? = nil
    /// Multiplier of the sampled profession's weight (coverage).
    public var professionFactor: Double? = nil
    /// Multiplier of the sampled life context's weight (coverage).
    public var lifeContextFactor: Double? = nil
    /// The candidate's crowding gain `ln(1 − sᵀK⁻¹s)`, when measured (it passed the duplicate checks).
    public var crowdingGain: Double? = nil
    /// The crowding cut in force when it was measured (absent while the rule is still measuring).
    public var crowdingCut: Double? = nil
    /// The templates of ``avoid`` the candidate used anyway (empty when none), set when it reached the gate:
    /// what the generator's copy guard counts.
    public var copied: [String]? = nil
    /// Templates of ``avoid`` this candidate's copy pushed past the copy guard: no longer named from the next attempt on.
    public var unnamed: [String]? = nil
    /// Banned templates the candidate used (`overused-phrase`).
    public var overused: [String]? = nil
    /// Templates this acceptance pushed over the share: banned from the next attempt on.
    public var banned: [String]? = nil
    /// What steering would have rejected this accepted candidate for, had its rejection budget not
    /// been spent: `crowded` and/or the banned templates it uses.
    public var waived: [String]? = nil

    /// An empty note.
    public init() {}

    /// Whether no field is set.
    public var isEmpty: Bool { self == SteeringNote() }

    enum CodingKeys: String, CodingKey {
        case avoid, copied, unnamed, overused, banned, waived
        case professionFactor = "profession_factor"
        case lifeContextFactor = "life_context_factor"
        case crowdingGain = "crowding_gain"
        case crowdingCut = "crowding_cut"
    }
}
