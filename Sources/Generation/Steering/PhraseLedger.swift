/// Live counts of the phrase templates of the accepted personas, and the templates banned so far.
///
/// A template is banned when, with at least `minimumAccepted` personas accepted, at least `share` of them
/// (and at least 2) use it; a ban is never lifted. Counts only grow with acceptances in acceptance
/// order, so replaying the accepted personas in `personas.jsonl` order rebuilds the same bans on `--resume`.
struct PhraseLedger: Sendable, Equatable {
    /// When and at what count a template was banned.
    struct Ban: Sendable, Equatable {
        /// The attempt whose acceptance pushed it over the share.
        var attempt: Int
        /// Accepted personas at that moment.
        var accepted: Int
        /// Accepted personas using it at that moment.
        var documents: Int

        /// Its share of the accepted personas at that moment.
        var share: Double { Double(documents) / Double(max(1, accepted)) }
    }

    let share: Double
    let minimumAccepted: Int
    /// Accepted personas counted.
    private(set) var accepted = 0
    /// Accepted personas using each template.
    private(set) var documents: [PhraseTemplate: Int] = [:]
    /// The banned templates.
    private(set) var banned: [PhraseTemplate: Ban] = [:]

    init(share: Double, minimumAccepted: Int) {
        self.share = share
        self.minimumAccepted = minimumAccepted
    }

    /// The banned templates among `templates`, sorted.
    func overused(in templates: Set<PhraseTemplate>) -> [PhraseTemplate] {
        templates.filter { banned[$0] != nil }.sorted()
    }

    /// Counts one accepted persona's templates and returns those it pushed over the share, sorted.
    /// - Complexity: O(templates of the persona); O(all templates) once, when `minimumAccepted` is reached.
    mutating func record(_ templates: Set<PhraseTemplate>, attempt: Int) -> [PhraseTemplate] {
        accepted += 1
        for template in templates { documents[template, default: 0] += 1 }
        guard accepted >= minimumAccepted else { return [] }
        let candidates = accepted == minimumAccepted ? Set(documents.keys) : templates
        let needed = max(2, share * Double(accepted))
        var newlyBanned = [PhraseTemplate]()
        for template in candidates where banned[template] == nil {
            let count = documents[template, default: 0]
            if Double(count) >= needed {
                banned[template] = Ban(attempt: attempt, accepted: accepted, documents: count)
                newlyBanned.append(template)
            }
        }
        return newlyBanned.sorted()
    }

    /// The banned templates the prompt names: those `named` allows, the most used first, at most `limit`,
    /// leaving out a template that contains a shorter banned one of the same field (`after many years
    /// garden` when `after many years` is banned), since naming the shorter one covers it.
    func avoidList(limit: Int, named: (PhraseTemplate) -> Bool = { _ in true }) -> [PhraseTemplate] {
        let covering = banned.keys.filter(named)
        let general = covering.filter { template in
            !covering.contains { $0.field == template.field && $0.text != template.text && " \(template.text) ".contains(" \($0.text) ") }
        }
        return general.sorted { a, b in
            let (ca, cb) = (documents[a, default: 0], documents[b, default: 0])
            return ca != cb ? ca > cb : a < b
        }.prefix(limit).map { $0 }
    }
}
