/// Stops naming a banned template in the prompt's avoid list once the model answers the list by copying it.
///
/// A small model told "do not write *nice to …*" may write exactly that (SmolLM2-135M did, in
/// `Benchmarks/RESULTS.md`). For every template the avoid list named, the guard counts the candidates
/// whose prompt named it and that reached the gate (exposures), and those of them that used it anyway
/// (copies). Once a template has at least ``minimumExposures`` exposures and ``minimumCopies`` copies, and
/// its copy rate is above `factor` × its share among the accepted personas when it was banned, the
/// prompt stops naming it for the rest of the run. It stays banned: a candidate using it is still
/// rejected `overused-phrase` while the rejection budget lasts.
///
/// The counts only grow, attempt by attempt in `events.jsonl` order (each event's `steering.avoid` and
/// `steering.copied`), so `--resume` rebuilds the same guard by replaying them.
struct CopyGuard: Sendable, Equatable {
    /// Candidates a template must have been named to before its copy rate is judged.
    static let minimumExposures = 8
    /// Copies a template must have before it stops being named.
    static let minimumCopies = 3

    /// The copy rate, as a multiple of the template's share at ban, above which it stops being named (0: never).
    let factor: Double
    /// Candidates whose prompt named each template and that reached the gate.
    private(set) var exposures: [PhraseTemplate: Int] = [:]
    /// Those of them that used it.
    private(set) var copies: [PhraseTemplate: Int] = [:]
    /// Templates no longer named → the attempt that decided it.
    private(set) var unnamed: [PhraseTemplate: Int] = [:]

    init(factor: Double) {
        self.factor = factor
    }

    /// Whether the avoid list may still name `template`.
    func mayName(_ template: PhraseTemplate) -> Bool { unnamed[template] == nil }

    /// Counts one candidate whose prompt named `named`, of which it used `used`, and returns the
    /// templates this pushed past the guard, sorted.
    /// - Parameter shareAtBan: a named template's share among the accepted personas when it was banned.
    mutating func record(named: [PhraseTemplate], used: Set<PhraseTemplate>, attempt: Int,
                         shareAtBan: (PhraseTemplate) -> Double?) -> [PhraseTemplate] {
        var dropped = [PhraseTemplate]()
        for template in named {
            exposures[template, default: 0] += 1
            if used.contains(template) { copies[template, default: 0] += 1 }
            guard factor > 0, mayName(template), let share = shareAtBan(template) else { continue }
            let (shown, copied) = (exposures[template, default: 0], copies[template, default: 0])
            if shown >= Self.minimumExposures, copied >= Self.minimumCopies, Double(copied) > factor * share * Double(shown) {
                unnamed[template] = attempt
                dropped.append(template)
            }
        }
        return dropped.sorted()
    }
}
