import Analysis
import Foundation
import PersonaKit
import RunFormat

extension CardFacts {
    /// What to gather a card's facts from.
    public struct Request: Sendable {
        /// A `spb-generate` run directory or a dataset file in any format the audit reads.
        public var input: URL
        /// A folder holding an existing `report.json` of the same input; the audit runs in-process when nil.
        public var auditDirectory: URL?
        /// The folder holding `split-report.json` and the split files; the input's folder when nil.
        public var splitDirectory: URL?
        /// The card's title; the input's name when nil.
        public var prettyName: String?
        /// Audit settings (components, unreadable limit, seed, …) for the in-process audit.
        public var auditOptions: AuditOptions
        /// How the input is read (`--skip-invalid`).
        public var readOptions: AuditDataset.ReadOptions

        /// Creates a request with the audit's defaults.
        public init(input: URL, auditDirectory: URL? = nil, splitDirectory: URL? = nil, prettyName: String? = nil,
                    auditOptions: AuditOptions = AuditOptions(), readOptions: AuditDataset.ReadOptions = .init()) {
            self.input = input
            self.auditDirectory = auditDirectory
            self.splitDirectory = splitDirectory
            self.prettyName = prettyName
            self.auditOptions = auditOptions
            self.readOptions = readOptions
        }
    }

    /// Reads the input, runs the audit in-process (or reads `report.json` from
    /// ``Request/auditDirectory``), and for a run directory reads its manifest and logs.
    /// - Returns: the facts, and the audit's full result when it ran here (to be written beside the card).
    /// - Throws: `InputError` naming the file at fault (exit 65), `AuditError` for too few items.
    public static func gather(_ request: Request, encoders: AuditEncoders,
                              progress: AuditProgress = { _, _, _ in }) async throws -> (facts: CardFacts, audit: AuditResult?) {
        let input = request.input
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input.path, isDirectory: &isDirectory) else {
            throw InputError(file: input.relativePath, line: nil, field: nil, message: "no such file or directory")
        }
        let dataset = try AuditDataset.read(input, options: request.readOptions)
        guard dataset.count >= 2 else {
            throw InputError(file: input.relativePath, line: nil, field: nil, message: "needs at least 2 items, found \(dataset.count)")
        }
        var options = request.auditOptions
        if options.components == nil { options.components = dataset.run?.components }

        let report: AuditReport
        var audit: AuditResult?
        if let auditDirectory = request.auditDirectory {
            report = try readReport(auditDirectory.appendingPathComponent("report.json"))
            guard report.input.count == dataset.count else {
                throw InputError(file: auditDirectory.appendingPathComponent("report.json").relativePath, line: nil, field: "input.count",
                                 message: "the report counts \(report.input.count) items but \(input.relativePath) has \(dataset.count): not its audit")
            }
        } else {
            let encoder = dataset.storedEmbeddings == nil ? try encoders.encoder() : nil
            let readability = dataset.storedEmbeddings == nil ? nil : encoders.readability()
            let result = try await Auditor.run(dataset: dataset, encoder: encoder, readability: readability, options: options, progress: progress)
            report = result.report
            audit = result
        }

        let isRun = isDirectory.boolValue
        let generation = isRun ? try GenerationFacts.read(runDirectory: input) : nil
        let outcome = isRun ? try RunOutcome.read(runDirectory: input) : nil
        let splitDirectory = request.splitDirectory ?? (isRun ? input : input.deletingLastPathComponent())
        let split = try SplitFacts.read(directory: splitDirectory)
        let name = request.prettyName ?? (isRun ? input.standardizedFileURL.lastPathComponent : input.deletingPathExtension().lastPathComponent)
        let facts = CardFacts(prettyName: name, report: report, generation: generation, outcome: outcome, components: options.components,
                              split: split, dataFile: isRun ? RunFiles.personas : input.lastPathComponent)
        return (facts, audit)
    }

    /// Decodes an audit's `report.json`.
    /// - Throws: `InputError` naming the file when it is missing or not an audit report.
    public static func readReport(_ url: URL) throws -> AuditReport {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "cannot read the audit report (\(error.localizedDescription))")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { return try decoder.decode(AuditReport.self, from: data) } catch {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "not an audit report.json (\(error))")
        }
    }
}
