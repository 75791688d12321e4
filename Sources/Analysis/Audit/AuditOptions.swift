import ContentChecks
import Embedding
import PersonaKit

/// Settings of one audit.
public struct AuditOptions: Sendable {
    /// τ: cosine similarity at which two items count as near-duplicates (also the novelty cut).
    public var threshold: Float = AuditOptions.defaultThreshold

    /// The audit's default τ, 0.9, above the gate's, `split`'s and `dedup`'s 0.75 on purpose: the gate
    /// rejects a candidate on the first sign that it rewords a held persona (at 0.75 MiniLM also flags
    /// some "different people, same words" pairs, a fair price for one candidate), while the audit
    /// reports clusters in a finished dataset, where a cluster should be copies beyond doubt.
    public static let defaultThreshold: Float = 0.9
    /// Fixed number of trope clusters; chosen by silhouette over ``clusterRange`` when nil.
    public var clusters: Int?
    /// Candidate cluster counts for the silhouette choice.
    public var clusterRange: ClosedRange<Int> = 2 ... 12
    /// Items per drift window; about a twentieth of the data (at least 25) when nil.
    public var windowSize: Int?
    /// Seed of every random choice (k-means, samples).
    public var seed: UInt64 = 42
    /// Component weights for the fit section; when nil, a run directory's manifest may supply them.
    public var components: ComponentsFile?
    /// From this many (readable) items on, the audit leaves its quadratic pass for ``pairSearch`` and a seeded
    /// sample (when a search is given); below it every figure is exact.
    public var exactBelow: Int = AuditOptions.defaultExactBelow
    /// The default of ``exactBelow``: where the exact pass takes about 20 s on 2 cores (`Benchmarks/RESULTS.md`).
    public static let defaultExactBelow = 50_000
    /// Rows whose nearest neighbour, nearest earlier item and neighbour counts are measured exactly against
    /// all rows past ``exactBelow`` (the nearest-neighbour figures, the curve below τ and novelty are estimated from them).
    public var neighbourSample: Int = AuditOptions.defaultNeighbourSample
    /// The default of ``neighbourSample``: a standard error of at most 0.008 on a share, 0.0025 on the mean
    /// nearest-neighbour similarity of MiniLM personas (standard deviation about 0.08 → 0.08/√4000 = 0.0013).
    public static let defaultNeighbourSample = 4_000
    /// Past ``exactBelow``: the rows k-means fits its centroids on (every row is then assigned once).
    public var clusterFitSample: Int = 100_000
    /// The sub-quadratic pair search used past ``exactBelow``; nil keeps the exact pass at any size.
    public var pairSearch: PairSearch?
    /// Categorical fields the fit section describes (`--fit-field`), read into ``AuditDataset/categories``.
    public var fitFields: [FitField] = []
    /// Most points drawn on the 2-D map (everything is still computed for all items).
    public var mapPoints: Int = 2000
    /// Thresholds of the near-duplicate count curve.
    public var curveThresholds: [Float] = stride(from: 80, through: 99, by: 1).map { Float($0) / 100 }
    /// Texts whose share of characters the model cannot read is above this are set apart (`--max-unreadable`).
    public var maxUnreadableShare: Double = TextReadability.defaultMaxUnreadableShare
    /// Most documents mined for phrase templates (a seeded sample beyond that).
    public var phraseSample: Int = 20_000
    /// The prompt templates whose instructions the prompt-echo rule looks for (`--prompt-template`);
    /// when nil, a run directory's manifest supplies them, else PersonaBank's default prompt.
    public var promptTemplates: [String]?

    /// The defaults.
    public init() {}

    /// The content checker for `dataset`: every ``ContentRule``, the echo of ``promptTemplates`` (or the
    /// run's prompt, or the default prompt), and the professions of the components (``components``, the
    /// run's, or the bundled set) as job titles; with the source of the prompt, for the report.
    func contentChecker(for dataset: AuditDataset) -> (checker: ContentChecker, promptSource: String) {
        let (templates, source): ([String], String) = if let promptTemplates { (promptTemplates, "the --prompt-template file") }
            else if let run = dataset.run?.promptTemplates { (run, "the run's prompt (manifest.json)") }
            else { ([DefaultPrompt.system, DefaultPrompt.user], "PersonaBank's default prompt") }
        let professions = (components ?? dataset.run?.components ?? (try? ComponentsFile.bundledDefault()))?.components.professions.map(\.value) ?? []
        return (ContentChecker(echo: InstructionEcho(templates: templates), jobTitles: professions), source)
    }

    /// The drift window for `count` items.
    public func window(for count: Int) -> Int {
        max(1, windowSize ?? max(25, count / 20))
    }
}

/// Progress callbacks from a running audit: a stage name, work done and total when known.
public typealias AuditProgress = @Sendable (_ stage: String, _ completed: Int, _ total: Int?) -> Void
