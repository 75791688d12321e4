/// File names inside a run directory.
public enum RunFiles {
    /// Accepted personas, one JSON object per line (card fields + `model` + `id`).
    public static let personas = "personas.jsonl"
    /// Replies not accepted, with the reason and the nearest persona (``RejectedCandidate``).
    public static let rejected = "rejected.jsonl"
    /// One line per attempt (``AttemptEvent``).
    public static let events = "events.jsonl"
    /// Embeddings of the accepted personas, row i for line i of `personas.jsonl` (``EmbeddingFile``).
    public static let embeddings = "embeddings.f32"
    /// Field vectors of the accepted personas (with `--score fields`), row i for line i of `personas.jsonl`.
    public static let fields = "fields.f32"
    /// Settings, seed, model, threshold, gate, encoder and tool version (``RunManifest``).
    public static let manifest = "manifest.json"
    /// Everything the generator writes but the lock and the avoid sets' embedding cache (`avoid/`),
    /// which `--force` keeps so a rerun with the same files does not embed them again.
    public static let all = [personas, rejected, events, embeddings, fields, manifest]
}
