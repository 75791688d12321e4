import Embedding
import LinearAlgebra
import PersonaKit
import TextMetrics

/// Builds the steering section of a run directory's audit.
public enum SteeringAnalysis {
    /// Points on the diversity curve.
    static let curvePoints = 10

    /// The section, or nil for a run without steering.
    /// - Parameters:
    ///   - log: the run's steering log.
    ///   - acceptedAttempts: the attempt of each audited item (nil when unknown: counted from the start).
    ///   - embeddings: the audited items' unit embeddings.
    ///   - encoder: embeds the rejected candidates; nil, or an encoder other than the one behind `embeddings`
    ///     (`sameEncoder` false), leaves the curve with rejections out.
    ///   - template: how the run turned personas into texts (its name masking), for embedding the rejections alike.
    /// - Complexity: O(points · (n + r)·d²) for the Vendi scores of n items and r rejections.
    public static func report(log: SteeringLog, acceptedAttempts: [Int?], embeddings: Matrix, encoder: (any TextEncoder)?,
                              sameEncoder: Bool, template: PersonaTextTemplate = .default) async throws -> SteeringReport {
        var rejected = [String: Int]()
        var templates = [String: Int]()
        for reject in log.rejects {
            rejected[reject.reason, default: 0] += 1
            if reject.reason == "overused-phrase", let detail = reject.detail {
                for template in detail.dropFirst("uses ".count).components(separatedBy: ", ") { templates[template, default: 0] += 1 }
            }
        }
        let total = max(log.rejects.filter { $0.reason == "overused-phrase" }.count, 1)
        let overused = templates.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(10)
            .map { TropeReport.Phrase(phrase: $0.key, documents: $0.value, share: Double($0.value) / Double(total)) }
        let crowded = log.rejects.filter { $0.reason == "crowded" }
            .sorted { ($0.gain ?? 0) != ($1.gain ?? 0) ? ($0.gain ?? 0) < ($1.gain ?? 0) : $0.attempt < $1.attempt }.prefix(10)
            .map { SteeringReport.Crowded(attempt: $0.attempt, gain: $0.gain, text: $0.persona.map { "\($0.name), \($0.age): \($0.background)" } ?? "") }

        let embedded = log.rejects.compactMap { reject in reject.persona.map { (attempt: reject.attempt, persona: $0) } }
        var rejectEmbeddings: Matrix?
        if let encoder, sameEncoder, !embedded.isEmpty {
            var matrix = try await Auditor.embed(embedded.map { template.render($0.persona) }, encoder: encoder, progress: { _, _, _ in })
            Vectors.normalizeRows(&matrix)
            rejectEmbeddings = matrix
        }
        var curve = [SteeringReport.CurvePoint]()
        let last = max(log.lastAttempt, 1)
        for step in 1 ... curvePoints {
            let attempt = (last * step + curvePoints - 1) / curvePoints
            let accepted = acceptedAttempts.indices.filter { (acceptedAttempts[$0] ?? 0) <= attempt }
            guard accepted.count >= 2 else { continue }
            let mine = embeddings.selecting(rows: accepted)
            var point = SteeringReport.CurvePoint(attempt: attempt, accepted: accepted.count, vendi: try Diversity.vendi(mine).order1,
                                                  withRejects: accepted.count, vendiWithRejects: nil)
            let rejectRows = embedded.indices.filter { embedded[$0].attempt <= attempt }
            point.withRejects += rejectRows.count
            if let rejectEmbeddings {
                var both = mine
                both.append(rowsOf: rejectEmbeddings.selecting(rows: rejectRows))
                point.vendiWithRejects = try Diversity.vendi(both).order1
            }
            curve.append(point)
        }
        let withdrawn = log.rejects.filter { $0.reason == "not-selected" }
        let forPhrases = withdrawn.filter { $0.selectionCause == "overused-phrase" }.count
        return SteeringReport(settings: log.settings, bans: log.bans.map {
                                  SteeringReport.Ban(attempt: $0.attempt, template: $0.template, namedTo: $0.namedTo, copiedBy: $0.copiedBy, unnamedAt: $0.unnamedAt)
                              },
                              rejected: rejected, waived: log.waived, overusedTemplates: overused, crowded: crowded, curve: curve,
                              selection: withdrawn.isEmpty ? nil : SteeringReport.Selection(forPhrases: forPhrases, forDiversity: withdrawn.count - forPhrases))
    }
}
