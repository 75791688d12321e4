extension AuditDataset {
    /// The items at `indices` (ascending), with their personas, violations and run log entries;
    /// stored embeddings are dropped (the caller selects the rows it uses).
    /// - Complexity: O(indices).
    func selecting(_ indices: [Int]) -> AuditDataset {
        AuditDataset(source: source, format: format, ids: indices.map { ids[$0] }, texts: indices.map { texts[$0] },
                     personas: personas.map { all in indices.map { all[$0] } },
                     violations: violations.isEmpty ? [] : indices.map { violations[$0] },
                     skippedRecords: skippedRecords, storedEmbeddings: nil, run: run?.selecting(indices))
    }
}

extension RunLog {
    /// The log with per-item entries (accepted attempts, sampled components) kept for `indices` only.
    func selecting(_ indices: [Int]) -> RunLog {
        RunLog(acceptedAttempts: indices.map { $0 < acceptedAttempts.count ? acceptedAttempts[$0] : nil },
               rejectedAttempts: rejectedAttempts, rejectedCount: rejectedCount, resetAttempts: resetAttempts,
               sampled: indices.map { $0 < sampled.count ? sampled[$0] : nil }, components: components, steering: steering)
    }
}
