extension Persona {
    /// The near-duplicate rule of the original Synthetic Persona Bank generator (SPB-2508),
    /// reimplemented: a candidate is "too similar" to a reference persona when their
    /// backgrounds start with the same first word AND they share more than two traits.
    ///
    /// As in the original, the first word is the first whitespace-separated token compared
    /// exactly (case and punctuation included), and traits are compared as exact strings
    /// (a set intersection of size >= 3). The original compared each new persona only against
    /// the few-shot references of its prompt; callers choose what to compare against.
    /// One deliberate difference: an empty background, which made the original raise and
    /// discard the persona, is never similar here.
    /// - Parameter reference: the persona compared against.
    /// - Returns: whether the original generator would have discarded `self` as a near copy.
    /// - Complexity: O(traits + length of the first words).
    public func isSPBNearDuplicate(of reference: Persona) -> Bool {
        guard let first = Persona.firstWord(background), let other = Persona.firstWord(reference.background),
              first == other else { return false }
        return Set(traits).intersection(reference.traits).count > 2
    }

    private static func firstWord(_ text: String) -> Substring? {
        text.split(whereSeparator: \.isWhitespace).first
    }
}
