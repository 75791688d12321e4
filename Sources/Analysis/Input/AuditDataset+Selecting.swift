extension AuditDataset {
    /// The items at `indices` (ascending), with their personas, violations and run log entries;
    /// stored embeddings are dropped (the caller selects the rows it uses).
    /// - Complexity: O(indices).
    func selecting(_ indices: [Int]) -> AuditDataset {
        var selected = self
        selected.ids = indices.map { ids[$0] }
        selected.texts = indices.map { texts[$0] }
        selected.personas = personas.map { all in indices.map { all[$0] } }
        selected.violations = violations.isEmpty ? [] : indices.map { violations[$0] }
        selected.storedEmbeddings = nil
        selected.categories = categories.mapValues { values in indices.map { values[$0] } }
        selected.run = run?.selecting(indices)
        return selected
    }
}

extension RunLog {
    /// The log with per-item entries (accepted attempts, sampled components) kept for `indices` only.
    func selecting(_ indices: [Int]) -> RunLog {
        var selected = self
        selected.acceptedAttempts = indices.map { $0 < acceptedAttempts.count ? acceptedAttempts[$0] : nil }
        selected.sampled = indices.map { $0 < sampled.count ? sampled[$0] : nil }
        return selected
    }
}
