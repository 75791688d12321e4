/// The first-stage duplicate score a gate or a pair benchmark uses, as `--score` names it.
public enum GateScore: String, Sendable, Codable, CaseIterable {
    /// One cosine of the whole persona texts against τ (the original gate).
    case cosine
    /// The field-aware probability of ``FieldScoreModel`` against its decision threshold.
    case fields
}
