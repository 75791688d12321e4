import Embedding

extension PairSet {
    /// The set with every labelled pair that has a side above `limit` unreadable characters moved to
    /// the dropped pairs, grouped by its label (so the report counts them and shows how the
    /// scorers rate them); pairs already dropped stay as they are.
    /// - Complexity: two readability measurements per labelled pair.
    func droppingUnreadable(_ measure: any ReadabilityMeasuring, limit: Double) -> PairSet {
        var kept = [LabelledPair](), moved = [DroppedPair]()
        for pair in pairs {
            if measure.readability(of: pair.first).exceeds(limit) || measure.readability(of: pair.second).exceeds(limit) {
                let label = pair.isDuplicate ? "duplicate" : "not duplicate"
                moved.append(DroppedPair(line: pair.line, first: pair.first, second: pair.second,
                                         group: "a side unreadable to MiniLM, labelled \(label)", personas: pair.personas))
            } else {
                kept.append(pair)
            }
        }
        return moved.isEmpty ? self : PairSet(name: name, spec: spec, pairs: kept, dropped: dropped + moved)
    }
}
