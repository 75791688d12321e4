/// The first-stage duplicate score a gate or a pair benchmark uses, as `--score` names it.
public enum GateScore: String, Sendable, Codable, CaseIterable {
    /// One cosine of the whole persona texts against τ (the original gate).
    case cosine
    /// The field-aware probability of ``FieldScoreModel`` against its decision threshold.
    case fields

    /// The gate's default (`spb-generate --score`, `spb-analyze thresholds --score`): the field-aware
    /// score, which beats the cosine on every dev split, out of fold (F1 0.918 against 0.915 at τ 0.75,
    /// ROC-AUC 0.920 against 0.903 on the 240 dev pairs; `Benchmarks/THRESHOLDS.md`).
    public static let `default` = GateScore.fields
}
