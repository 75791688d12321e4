import Foundation
import PersonaKit
import Testing
import TestSupport
@testable import Thresholds

/// Writes `content` to a fresh temporary file and returns its URL.
func temporaryFile(_ content: String, suffix: String = ".tsv") throws -> URL {
    try temporaryFile(Data(content.utf8), suffix: suffix)
}

func temporaryFile(_ data: Data, suffix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("pairs-\(UUID().uuidString)\(suffix)")
    try data.write(to: url)
    return url
}

/// Runs `body` and returns the InputError it throws.
func pairError(_ body: () throws -> Void) throws -> InputError {
    do {
        try body()
    } catch let error as InputError {
        return error
    }
    throw InputError(file: "test", line: nil, field: nil, message: "expected an error")
}

@Suite struct PairFileReaderTests {
    // Fixture rows are written for this project, in the shapes of the public sets.
    let stsLike = """
    genre\tfile\t2012\t0001\t4.600\tA cat sleeps on the mat.\tThe cat is asleep on a mat.
    genre\tfile\t2012\t0002\t3.000\tA man plays a flute.\tA man plays a drum.\textra\tcolumns
    genre\tfile\t2012\t0003\t0.400\tKids swim in a lake.\tStocks fell on Monday.

    """

    @Test func stsPresetBinarisesAndDropsTheMiddle() throws {
        let url = try temporaryFile(stsLike, suffix: ".csv")
        let set = try PairFileReader.readDetectingPreset(url)
        #expect(set.spec.presetName == "STS-B")
        #expect(set.pairs.map(\.isDuplicate) == [true, false])
        #expect(set.pairs.map(\.line) == [1, 3])
        #expect(set.dropped.count == 1 && set.dropped[0].group == "score between 2 and 4")
        #expect(set.notes.contains("1 pair dropped (score between 2 and 4)"))
    }

    @Test func mrpcPresetHandlesBOMAndOptionalHeader() throws {
        let text = "\u{FEFF}Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n1\t11\t12\tShe left early.\tShe departed early.\r\n0\t13\t14\tIt rained.\tPrices rose.\r\n"
        let set = try PairFileReader.readDetectingPreset(try temporaryFile(text, suffix: ".txt"))
        #expect(set.spec.presetName == "MRPC")
        #expect(set.pairs.count == 2 && set.pairs[0].first == "She left early." && set.pairs[1].second == "Prices rose.")
        let noHeader = "\u{FEFF}1\t11\t12\tShe left early.\tShe departed early.\n"
        let second = try PairFileReader.readDetectingPreset(try temporaryFile(noHeader, suffix: ".txt"))
        #expect(second.pairs.count == 1 && second.pairs[0].isDuplicate)
    }

    @Test func pawsAndSickAndPersonaChatPresets() throws {
        let paws = try PairFileReader.readDetectingPreset(try temporaryFile("1\tA then B .\tB then A .\t0\r\n2\tA then B .\tA , then B .\t1\r\n"))
        #expect(paws.spec.presetName == "PAWS" && paws.pairs.map(\.isDuplicate) == [false, true])
        let sick = "pair_ID\tsentence_A\tsentence_B\trelatedness_score\tentailment_judgment\n1\tA dog runs\tA dog is running\t4.7\tENTAILMENT\n2\tA dog runs\tA man cooks\t1.1\tNEUTRAL\n3\tA dog runs\tA cat runs\t3.0\tNEUTRAL\n"
        let sickSet = try PairFileReader.readDetectingPreset(try temporaryFile(sick))
        #expect(sickSet.spec.presetName == "SICK" && sickSet.pairs.map(\.isDuplicate) == [true, false] && sickSet.dropped.count == 1)
        let tiers = "pair_id\tsplit\tpersona_key\trole\toriginal\trevised\ttier\np1\tvalid\tk\tself\ti like tea.\ti enjoy tea.\tP\np2\tvalid\tk\tself\ti like tea.\ti drink hot drinks.\tE\np3\tvalid\tk\tself\ti like tea.\ti own a boat.\tX\n"
        let tierSet = try PairFileReader.readDetectingPreset(try temporaryFile(tiers))
        #expect(tierSet.spec.presetName == "PersonaChat tiers")
        #expect(tierSet.pairs.map(\.isDuplicate) == [true, false])
        #expect(tierSet.dropped.map(\.group) == ["label E"])
    }

    @Test func csvWithQuotesAndExplicitColumns() throws {
        let csv = "a,b,score\n\"Hello, world\",\"He said \"\"hi\"\"\",5\n\"line one\nline two\",plain,0\n"
        let spec = PairFileSpec(format: .csv, hasHeader: true, labelColumn: .name("score"), textColumns: (.name("a"), .number(2)),
                                rule: .graded(positiveAtLeast: 4, negativeAtMost: 1))
        let set = try PairFileReader.read(try temporaryFile(csv, suffix: ".csv"), spec: spec)
        #expect(set.pairs.count == 2)
        #expect(set.pairs[0].first == "Hello, world" && set.pairs[0].second == "He said \"hi\"")
        #expect(set.pairs[1].first == "line one\nline two" && set.pairs[1].line == 3)
    }

    @Test func jsonlPairs() throws {
        let jsonl = "{\"a\": \"one\", \"b\": \"uno\", \"label\": 1}\n\n{\"a\": \"two\", \"b\": \"tres\", \"label\": false}\n"
        let spec = PairFileSpec(format: .jsonl, hasHeader: false, labelColumn: .name("label"), textColumns: (.name("a"), .name("b")), rule: .binary)
        let set = try PairFileReader.read(try temporaryFile(jsonl, suffix: ".jsonl"), spec: spec)
        #expect(set.pairs.map(\.isDuplicate) == [true, false] && set.pairs[1].line == 3)
    }

    @Test func malformedFilesNameFileLineAndColumn() throws {
        let short = try temporaryFile("1\tonly one text\t0\n")
        let missing = try pairError { _ = try PairFileReader.read(short, spec: .mrpc) }
        #expect(missing.line == 1 && missing.field == "column 4")
        #expect(missing.description == "\(short.path):1: column 4: missing: the record has 3 fields")

        let badLabel = try pairError { _ = try PairFileReader.read(try temporaryFile("1\ta\tb\t0\n2\ta\tb\tmaybe\n"), spec: .paws) }
        #expect(badLabel.line == 2 && badLabel.field == "column 4" && badLabel.message.contains("\"maybe\""))

        let badScore = try pairError { _ = try PairFileReader.read(try temporaryFile("g\tf\ty\t1\tfive\ta\tb\n"), spec: .stsBenchmark) }
        #expect(badScore.line == 1 && badScore.field == "column 5" && badScore.message.contains("not a number"))

        var bytes = Data("1\ta\tb\t1\n".utf8)
        bytes.append(contentsOf: [0x32, 0x09, 0xFF, 0xFE, 0x0A])
        let invalid = try pairError { _ = try PairFileReader.read(try temporaryFile(bytes, suffix: ".tsv"), spec: .paws) }
        #expect(invalid.line == 2 && invalid.message == "invalid UTF-8")

        let csvSpec = PairFileSpec(format: .csv, hasHeader: false, labelColumn: .number(3), textColumns: (.number(1), .number(2)), rule: .binary)
        let unclosed = try pairError { _ = try PairFileReader.read(try temporaryFile("a,b,1\n\"open,b,1\n", suffix: ".csv"), spec: csvSpec) }
        #expect(unclosed.line == 2 && unclosed.message.contains("never closed"))

        let jsonSpec = PairFileSpec(format: .jsonl, hasHeader: false, labelColumn: .name("y"), textColumns: (.name("a"), .name("b")), rule: .binary)
        let badJSON = try pairError { _ = try PairFileReader.read(try temporaryFile("{\"a\":\"x\",\"b\":\"y\",\"y\":1}\n{\"a\": oops}\n", suffix: ".jsonl"), spec: jsonSpec) }
        #expect(badJSON.line == 2 && badJSON.message == "malformed JSON")
        let wrongType = try pairError { _ = try PairFileReader.read(try temporaryFile("{\"a\":[1],\"b\":\"y\",\"y\":1}\n", suffix: ".jsonl"), spec: jsonSpec) }
        #expect(wrongType.line == 1 && wrongType.field == "column a" && wrongType.message.contains("array"))

        let unknownColumn = try pairError { _ = try PairFileReader.read(try temporaryFile("x\ty\tz\n1\t2\t3\n"), spec: .sick) }
        #expect(unknownColumn.line == 1 && unknownColumn.field == "column relatedness_score")

        let unrecognised = try pairError { _ = try PairFileReader.readDetectingPreset(try temporaryFile("just some text\n")) }
        #expect(unrecognised.message.contains("--label-column"))

        let absent = try pairError { _ = try PairFileReader.read(URL(fileURLWithPath: "/nonexistent/pairs.tsv"), spec: .paws) }
        #expect(absent.line == nil && absent.message.hasPrefix("cannot read"))
    }

    @Test(.enabled(if: SharedData.file("data/dev/paws-wiki-dev.tsv") != nil, "skipped: ../shared is absent"))
    func sharedDevSetsAreRecognised() throws {
        let expected = ["data/dev/sts-dev.csv": "STS-B", "data/dev/msr_paraphrase_train.txt": "MRPC",
                        "data/dev/paws-wiki-dev.tsv": "PAWS", "data/dev/personachat-original-revised.tsv": "PersonaChat tiers",
                        "data/heldout/SICK.txt": "SICK"]
        for (path, preset) in expected {
            let url = try #require(SharedData.file(path))
            let set = try PairFileReader.readDetectingPreset(url)
            #expect(set.spec.presetName == preset, "\(path)")
            #expect(set.positives > 0 && set.negatives > 0, "\(path)")
        }
        let mrpc = try PairFileReader.readDetectingPreset(try #require(SharedData.file("data/dev/msr_paraphrase_train.txt")))
        #expect(mrpc.pairs.count == 4_076)
        let paws = try PairFileReader.readDetectingPreset(try #require(SharedData.file("data/dev/paws-wiki-dev.tsv")))
        #expect(paws.pairs.count == 8_000)
    }
}

@Suite struct ScorerTests {
    @Test func wordJaccard() async throws {
        #expect(isClose(WordJaccardScorer.similarity("The cat, the hat!", "the CAT sat"), 2.0 / 4.0))
        #expect(WordJaccardScorer.words("don't stop") == ["don't", "stop"])
        #expect(WordJaccardScorer.similarity("", "") == 1 && WordJaccardScorer.similarity("a", "") == 0)
        let scores = try await WordJaccardScorer().scores([("a b", "a b"), ("a", "b")])
        #expect(scores == [1, 0])
    }

    @Test func evaluationSeparatesAndReportsDroppedGroups() async throws {
        let url = try temporaryFile("pair_id\tsplit\tpersona_key\trole\toriginal\trevised\ttier\n"
            + "1\tv\tk\ts\ti walk my dog daily\ti walk my dog every day\tP\n"
            + "2\tv\tk\ts\ti love green tea\ti love green tea a lot\tP\n"
            + "3\tv\tk\ts\ti fix old cars\tmy sister plays violin\tX\n"
            + "4\tv\tk\ts\ti fix old cars\ti work with engines\tE\n")
        let set = try PairFileReader.readDetectingPreset(url)
        let evaluation = try await PairBenchmark.evaluate(set, scorer: WordJaccardScorer(), threshold: 0.5)
        #expect(evaluation.positives == 2 && evaluation.negatives == 1)
        #expect(isClose(try #require(evaluation.rocAUC), 1))
        #expect(evaluation.dropped.count == 1 && evaluation.dropped[0].group == "label E" && evaluation.dropped[0].atOrAboveThreshold == 0)
        let hashed = EncoderPairScorer.hashedNGrams(fittedOn: set.pairs.map { ($0.first, $0.second) })
        let lexical = try await PairBenchmark.evaluate(set, scorer: hashed)
        #expect(isClose(try #require(lexical.rocAUC), 1))
    }
}
