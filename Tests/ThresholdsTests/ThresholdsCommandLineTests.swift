import CommandLineSupport
import Foundation
import Synchronization
import Testing
import TestSupport
@testable import Thresholds

/// `spb-analyze thresholds` in-process: parsing, usage errors and the runs that need no model.
@Suite("spb-analyze thresholds: the command line")
struct ThresholdsCommandLineTests {
    static func thresholds(_ arguments: [String]) async -> (status: Int32, output: String, errors: String) {
        let output = Mutex(""), errors = Mutex("")
        let status = await ThresholdsCommandLine.run(arguments, output: { text in output.withLock { $0 += text } },
                                                     errorOutput: { text in errors.withLock { $0 += text } })
        return (status, output.withLock { $0 }, errors.withLock { $0 })
    }

    @Test("--help lists every option, the enum options with their values")
    func help() async {
        let run = await Self.thresholds(["--help"])
        #expect(run.status == 0 && run.output == ThresholdsCommandLine.help)
        #expect(run.output.contains("(values: minilm, hashed-ngrams) (default: minilm)"))
        #expect(run.output.contains("(values: minilm, hashed-ngrams, jaccard, fields; comma-separated)"))
        #expect(run.output.contains("(values: cosine, fields)") && run.output.contains("(values: tsv, csv, jsonl)"))
    }

    @Test("a sweep with hashed n-grams and labelled pairs with Jaccard run without a model")
    func runs() async throws {
        let texts = try temporaryFile("the cat sat on the mat\nthe cat sat on a mat\na dog ran in the park\nquiet blue lake at dawn\n", suffix: ".txt")
        let sweep = await Self.thresholds([texts.path, "--encoder", "hashed-ngrams", "--from", "0.5", "--to=0.9", "--step", "0.1"])
        #expect(sweep.status == 0, "\(sweep.errors)")
        #expect(!sweep.output.isEmpty)
        let pairs = try temporaryFile("1\tthe cat sat down\tthe cat sat down today\t1\n2\tthe cat sat\ta dog ran off\t0\n3\tbig red bus\tthe big red bus\t1\n4\tbig red bus\tquiet blue lake\t0\n")
        let scored = await Self.thresholds(["--pairs", pairs.path, "--scorers", "jaccard", "--tau", "0.5"])
        #expect(scored.status == 0 && scored.output.contains("jaccard"), "\(scored.errors)")
    }

    @Test("--text-template and --id-field: a Nemotron-shaped file sweeps from any columns, its examples named by their own ids")
    func textTemplateAndIDs() async throws {
        let file = try temporaryFile(NemotronShapedParquet.jsonl(count: 30, duplicateEvery: 5), suffix: ".jsonl")
        let sweep = await Self.thresholds([file.path, "--encoder", "hashed-ngrams", "--text-template", "{persona} Skills: {skills_and_expertise_list}",
                                           "--id-field", "uuid", "--from", "0.9", "--to", "1", "--step", "0.01", "--tau", "1"])
        #expect(sweep.status == 0, "\(sweep.errors)")
        // Records 5, 10, … repeat the one before: the closest examples name both by uuid.
        let named = (1 ... 6).contains { sweep.output.contains(String(format: "nemo-%04d: ", $0 * 5)) && sweep.output.contains(String(format: "nemo-%04d: ", $0 * 5 - 1)) }
        #expect(named, "\(sweep.output)")
        #expect(!sweep.output.contains("line 5:"))
        let bad = await Self.thresholds([file.path, "--encoder", "hashed-ngrams", "--text-template", "{no_such_field}"])
        #expect(bad.status == 65 && bad.errors.contains("no_such_field"), "\(bad.errors)")
    }

    @Test("usage errors exit 64 naming what is wrong", arguments: [
        (["--pairs", "p.tsv", "--scorers", "bogus"], "expects a comma list of minilm, hashed-ngrams, jaccard, fields, got 'bogus'"),
        (["d.txt", "--encoder", "jaccard"], "option '--encoder' expects minilm or hashed-ngrams, got 'jaccard'"),
        (["--pairs", "p.tsv", "--score", "dot"], "option '--score' expects cosine or fields, got 'dot'"),
        (["--pairs", "p.tsv", "--encoder", "minilm"], "--encoder applies to a dataset sweep, not --pairs"),
        (["d.txt", "--scorers", "jaccard"], "--scorers applies to --pairs only"),
        (["d.txt", "--step", "1e-300"], "the sweep needs fewer than"),
        (["d.txt", "--tau", "2"], "--tau must be in (0, 1]"),
        (["d.txt", "--format", "text", "--text-template", "{a}"], "--text-template reads JSON objects or Parquet rows"),
        (["d.jsonl", "--name-field", "name"], "--name-field needs --text-template"),
        (["--pairs", "p.tsv", "--text-template", "{a}"], "--text-template applies to a dataset sweep, not --pairs"),
        (["--pairs", "p.tsv", "--judge-model", "m"], "--judge-model needs --judge-base-url and --judge-model"),
        (["--pairs", "p.tsv", "--label-column", "1", "--text-columns", "2,3", "--pair-format", "xml"], "option '--pair-format' expects tsv, csv or jsonl"),
    ])
    func usageErrors(arguments: [String], message: String) async {
        let run = await Self.thresholds(arguments)
        #expect(run.status == 64 && run.errors.contains(message), "\(arguments): \(run.errors)")
    }

    @Test("the field-aware score on text pairs is a usage error with a hint, before any model loads")
    func fieldsOnTextPairs() async throws {
        let pairs = try temporaryFile("1\tA then B .\tB then A .\t0\n2\tA then B .\tA , then B .\t1\n")
        let run = await Self.thresholds(["--pairs", pairs.path, "--scorers", "jaccard,fields"])
        #expect(run.status == 64 && run.errors.contains("the fields score needs persona pairs") && run.errors.contains("hint: "), "\(run.errors)")
    }
}
