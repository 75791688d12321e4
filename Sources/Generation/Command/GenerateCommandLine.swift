import CommandLineSupport
import ContentChecks
import Dispatch
import Embedding
import FieldScoring
import Foundation
import Judging
import LinearAlgebra
import LLMClient
import Networking
import PersonaKit
import RunFormat
import Synchronization

/// `spb-generate`: the options, help and argument parsing, wiring and reporting around ``PersonaGenerator``;
/// the only place ``GenerationError``s become exit codes and hints.
public enum GenerateCommandLine {
    /// `--threshold`: the semantic gate's τ.
    public static let threshold = SimilarityThresholdOption(
        valueName: "T", default: GenerationConfig.defaultThreshold,
        help: "Semantic gate: reject when cosine to any accepted or seed persona (or --avoid record) >= T.")

    /// `--max-unreadable`.
    public static let maxUnreadable = MaxUnreadableOption(
        default: TextReadability.defaultMaxUnreadableShare,
        effect: "skip the semantic check: such a candidate is accepted unless an exact duplicate and never used to reject later ones "
            + "(unreadable_share in events.jsonl)", valueName: "SHARE")

    /// The hint of every usage error that has no better one.
    static let helpHint = "see spb-generate --help"

    /// Every option, with its default as shown by `--help`.
    public static let options: [OptionSpec] = [
        OptionSpec("--out", valueName: "DIR", help: "Run directory (created; must be empty unless --resume or --force).", defaultValue: "runs/generate"),
        OptionSpec("--target", valueName: "N", help: "Accepted personas wanted in the run directory.", defaultValue: "100"),
        SeedOption.spec(for: "all sampling; attempt n always samples the same components", valueName: "N"),
        OptionSpec("--concurrency", valueName: "N", help: "Requests in flight at once.", defaultValue: "8"),
        OptionSpec("--reset-every", valueName: "N", help: "Every N-th attempt uses seed personas as references (0: never).", defaultValue: "50"),
        OptionSpec("--gate", valueName: "MODE", help: "Dedup: semantic (exact + cosine), spb-lexical (SPB's original rule) or none.",
                   choices: GateMode.self, defaultValue: .semantic),
        threshold.spec,
        OptionSpec("--score", valueName: "NAME", help: "The semantic gate's first-stage score: cosine (whole persona text against --threshold) or fields "
            + "(field-aware duplicate probability: a logistic model with non-negative weights over the cosines of the whole text, background, traits "
            + "and chatting style and two lexical overlaps, fitted on labelled persona pairs, so more similarity never lowers it; scored against the "
            + "\(GateFirstStage.searchNeighbors) nearest held personas by cosine; rejected at p* = "
            + String(format: "%.2f", FieldScoreModel.fitted.decisionThreshold) + "). Rejections name the nearest persona and every component score "
            + "(nearest_components).", choices: GateScore.self, defaultValue: GateScore.default),
        OptionSpec("--judge", help: "Send candidates whose first-stage score is in --judge-band to an LLM judge that answers whether they are the same "
            + "character as their nearest held personas (up to \(GateFirstStage.judgedAtOnce)); above the band: rejected, below: accepted. "
            + "Garbage verdicts, failed calls and the cap fall back to the first stage's own decision (judge in events.jsonl and rejected.jsonl)."),
        OptionSpec("--judge-base-url", valueName: "URL", help: "The judge's OpenAI-compatible server (same key variable as --api-key-env).", describedDefault: "the --base-url"),
        OptionSpec("--judge-model", valueName: "NAME", help: "The judge model.", describedDefault: "the --model"),
        OptionSpec("--judge-band", valueName: "LOW,HIGH", help: "The band [LOW, HIGH) of the first-stage score that goes to the judge "
            + "(chosen on the persona-pair dev split, Benchmarks/persona-pairs/judge_band.py).",
                   describedDefault: "\(JudgeBand.defaultBand(for: .cosine).text) with --score cosine, \(JudgeBand.defaultBand(for: .fields).text) with --score fields"),
        OptionSpec("--max-judge-calls-per-accepted", valueName: "R", help: "Judge a band candidate only while the run's judge calls are fewer than "
            + "R x (accepted + 1); otherwise the first stage decides (judge.fallback \"cap\").",
                   defaultValue: String(format: "%.1f", JudgeSettings.defaultMaxCallsPerAccepted)),
        maxUnreadable.spec,
        OptionSpec("--steer", valueName: "PARTS", help: "Closed-loop diversity. "
            + "phrases: a phrase template (opening of 2-4 words or 3-6-word n-gram of background or chatting_style, as the audit mines them) "
            + "used by --steer-phrase-share of the accepted personas is banned: named in the prompt's {avoid} list, and a candidate using it "
            + "is rejected overused-phrase (templates made only of the sampled ingredients are not counted; echoes of the prompt's own instructions are banned but never named in {avoid}, which makes small models copy the list). "
            + "crowding (with --gate semantic): a candidate that passes the gate is rejected crowded when its log-determinant gain "
            + "ln(1 - s'K^-1 s) against its --steer-crowding-k nearest held personas (s: their cosines with it, K: their cosines with each "
            + "other; the log of the share of its squared length outside their span) is among the lowest --steer-crowding-share of the last "
            + "\(CrowdingRule.window) candidates' gains and below --steer-crowding-ceiling. Both rejections spend --steer-budget. coverage: references "
            + "spread over all accepted personas (farthest of 8 random draws) instead of the last 20, and profession and life-context weights "
            + "multiplied by (intended share x accepted + 1) / (accepted with it + 1), within 0.25-4. selection: the run gathers --steer-oversample "
            + "more personas than --target, then keeps --target of them: while a phrase template is in more than --steer-selection-cap of them, "
            + "one of its personas is withdrawn, then the persona whose removal raises the Vendi score most (first-order entropy change x'log(rho)x), "
            + "one at a time; each withdrawn persona gets a not-selected line in rejected.jsonl (the persona itself) and in events.jsonl (a \"selection\" object). "
            + "Every other decision is logged in the \"steering\" object of events.jsonl.",
                   listOf: SteeringSettings.Part.self, keywords: true, defaultValue: SteeringSettings(parts: SteeringSettings.defaultParts).partsText),
        OptionSpec("--steer-phrase-share", valueName: "SHARE", help: "Share of accepted personas at which a phrase template is banned.",
                   defaultValue: String(format: "%.2f", SteeringSettings.defaultPhraseShare)),
        OptionSpec("--steer-phrase-after", valueName: "N", help: "Accepted personas needed before any phrase template is banned.",
                   defaultValue: String(SteeringSettings.defaultPhraseMinimumAccepted)),
        OptionSpec("--steer-crowding-k", valueName: "K", help: "Nearest held personas the crowding rule measures against.",
                   defaultValue: String(SteeringSettings.defaultCrowdingNeighbors)),
        OptionSpec("--steer-crowding-share", valueName: "Q", help: "The crowding cut is the Q-quantile of the last \(CrowdingRule.window) gains measured "
            + "(nothing is crowded before \(CrowdingRule.minimumMeasured)): the share of candidates that add the least.",
                   defaultValue: String(format: "%.2f", SteeringSettings.defaultCrowdingShare)),
        OptionSpec("--steer-crowding-ceiling", valueName: "GAIN", help: "No candidate whose crowding gain is at or above this is crowded (ln 0.5: at least half of it is new).",
                   defaultValue: String(format: "%.2f", SteeringSettings.defaultCrowdingCeiling)),
        OptionSpec("--steer-budget", valueName: "R", help: "Steering rejections (overused-phrase, crowded) allowed per accepted persona over the run; "
            + "once spent, a candidate steering would reject is accepted and its event lists what was waived, so steering costs at most "
            + "R extra attempts per persona (0: prompt feedback and coverage only).",
                   describedDefault: String(format: "%.2f; %.2f with selection, which spends most of the extra attempts itself",
                                            SteeringSettings.defaultRejectionBudget, SteeringSettings.defaultRejectionBudgetWithSelection)),
        OptionSpec("--steer-copy-guard", valueName: "F", help: "Stop naming a banned template in {avoid} once the candidates whose prompt named it "
            + "use it more than F times as often as the accepted personas did when it was banned (after \(CopyGuard.minimumExposures) such "
            + "candidates and \(CopyGuard.minimumCopies) copies): a model that answers the list by copying it. It stays banned; "
            + "0 names banned templates to the end.",
                   defaultValue: String(format: "%.1f", SteeringSettings.defaultCopyGuardFactor)),
        OptionSpec("--steer-oversample", valueName: "F", help: "Selection: personas gathered beyond --target, as a share of it (0.25: 125 for 100), "
            + "of which the surplus is withdrawn at the end.",
                   defaultValue: String(format: "%.2f", SteeringSettings.defaultSelectionOversample)),
        OptionSpec("--steer-selection-cap", valueName: "SHARE", help: "Selection: the most kept personas one phrase template may have, "
            + "as a share of --target (at least 2).",
                   defaultValue: String(format: "%.2f", SteeringSettings.defaultSelectionCapShare)),
        OptionSpec("--allow", valueName: "RULE", help: "Switch a content rule off (repeatable, or a comma list). Every rule is on: a candidate "
            + "that breaks one is rejected content-rule before it is embedded (rejected.jsonl keeps it with each rule and field). Rules: "
            + ContentRule.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: "; ") + ".", listOf: ContentRule.self,
                   describedDefault: "none: every rule applies"),
        OptionSpec("--keep-names", help: "Embed and compare persona texts as written. By default each persona's own name (every word of it: first, "
            + "middle, last, possessive 's, ignoring case and accents) and username are replaced by \"\(NameMask.token)\" in its background, traits and "
            + "chatting style before the gate embeds or compares them, since the name is drawn afresh for every attempt and says nothing about the "
            + "character (a name that is also a word, such as Hope, is masked only where capitalised). Recorded in the manifest (name_masking); "
            + "a run keeps its own setting on --resume."),
        OptionSpec("--encoder", valueName: "NAME", help: "Embeddings: minilm (built in), hashed-ngrams (lexical baseline) or openai (/v1/embeddings).",
                   choices: EncoderChoice.self, defaultValue: .minilm),
        OptionSpec("--precision", valueName: "NAME", help: EncoderPrecision.optionHelp + " A run keeps its own precision on --resume.",
                   choices: EncoderPrecision.self, defaultValue: .fp32),
        OptionSpec("--embedding-model", valueName: "NAME", help: "Model for --encoder openai.", defaultValue: "text-embedding-3-small"),
        OptionSpec("--embedding-base-url", valueName: "URL", help: "Endpoint for --encoder openai.", describedDefault: "the --base-url"),
        OptionSpec("--embedding-dimension", valueName: "N", help: "Embedding length for --encoder openai.", defaultValue: "1536"),
        OptionSpec("--base-url", valueName: "URL", help: "OpenAI-compatible server (…/v1).", defaultValue: "http://127.0.0.1:8731/v1"),
        OptionSpec("--model", valueName: "NAME", help: "Chat model name (also stored in each persona's \"model\").", defaultValue: "qwen2.5-coder-0.5b"),
        OptionSpec("--api-key-env", valueName: "VAR", help: "Environment variable holding the API key (never written anywhere).", defaultValue: "OPENAI_API_KEY"),
        OptionSpec("--structured-output", valueName: "MODE", help: "How the server is asked for JSON; auto tries each of the others in turn, "
            + "from json-schema down, and keeps the first the server takes.", choices: StructuredOutputName.self, defaultValue: .auto),
        OptionSpec("--temperature", valueName: "T", help: "Sampling temperature.", defaultValue: "0.8"),
        OptionSpec("--max-tokens", valueName: "N", help: "Completion token cap per request.", defaultValue: "512"),
        OptionSpec("--timeout", valueName: "SECONDS", help: "Deadline of each HTTP request.", defaultValue: "120"),
        OptionSpec("--retries", valueName: "N", help: "HTTP attempts per request (429 with Retry-After, 5xx, timeouts).", defaultValue: "4"),
        OptionSpec("--max-attempts", valueName: "N", help: "Give up (exit 1) after this many attempts in one invocation.", describedDefault: "10 x --target, at least 50"),
        OptionSpec("--max-connection-failures", valueName: "N", help: "Stop (exit 1) after N attempts in a row cannot connect to --base-url "
            + "(refused, unreachable, DNS, TLS); a refused key (401/403), an unknown model (404) or a request rejected in every "
            + "structured-output mode stops at once.", defaultValue: String(GenerationConfig.defaultMaxConnectionFailures)),
        OptionSpec("--prompt-template", valueName: "FILE", help: "JSON {\"system\", \"user\"} with placeholders: "
            + PromptTemplate.placeholders.map { "{\($0)}" }.joined(separator: " "), describedDefault: "built in"),
        OptionSpec("--inputs", valueName: "DIR", help: "Inputs in SPB's layout (persona_components.json, personas.jsonl, first_names.json, last_names.json, usernames.json).",
                   describedDefault: "the bundled set"),
        OptionSpec("--components", valueName: "FILE", help: "Override persona_components.json."),
        OptionSpec("--seeds", valueName: "FILE", help: "Override the seed personas (JSONL, or Parquet with persona columns when the name ends in .parquet)."),
        OptionSpec("--first-names", valueName: "FILE", help: "Override first_names.json."),
        OptionSpec("--last-names", valueName: "FILE", help: "Override last_names.json."),
        OptionSpec("--usernames", valueName: "FILE", help: "Override usernames.json."),
        avoidOption,
        OptionSpec("--resume", help: "Continue the run in --out to its target (settings from its manifest unless given)."),
        OptionSpec("--force", help: "Replace the run in --out."),
        OptionSpec("--dry-run", help: "Print the first 3 prompts and exit without calling the model."),
        OptionSpec("--version", help: "Print the version and exit."),
        .help,
    ]

    /// `--help`.
    public static let help = helpText(
        command: "spb-generate", synopsis: "--base-url URL --model NAME --target N --out DIR [--resume] [--concurrency K] [--threshold T] [--seed S] [options]",
        summary: "Generate synthetic personas with an OpenAI-compatible LLM, rejecting near-duplicates with a semantic gate.", options: options)

    /// Runs `spb-generate` with `arguments` (without the program name): 0 when the run reached its target (help and
    /// `--version` included), 64 for a usage error, 65 for bad input naming the file, line and field, 1 otherwise.
    /// - Parameters:
    ///   - arguments: the arguments.
    ///   - output: where the help, the dry run's prompts and the summary go (standard output by default).
    ///   - errorOutput: where notes and error messages go (standard error by default).
    public static func run(_ arguments: [String], output: @escaping @Sendable (String) -> Void = { print($0, terminator: "") },
                           errorOutput: @escaping @Sendable (String) -> Void = StandardError.write) async -> Int32 {
        await CommandRunner.run(errorOutput: errorOutput) {
            let parsed = try ParsedArguments(arguments, options: options)
            if parsed.wantsHelp {
                output(help + "\n")
                return
            }
            if parsed.flag("--version") { output("spb-generate \(GenerationManifest.toolVersion)\n"); return }
            if !parsed.positionals.isEmpty { throw UsageError("unexpected argument \(parsed.positionals[0])", hint: helpHint) }
            if parsed.flag("--resume") && parsed.flag("--force") { throw UsageError("--resume and --force exclude each other") }
            do { try await run(parsed, output: output, errorOutput: errorOutput) } catch let error as GenerationError {
                throw commandLineError(error)
            }
        }
    }

    /// The error `spb-generate` reports for `error`: bad data is exit 65 naming the file, line and field; a run
    /// directory or avoid sets that cannot be used as asked are usage errors (64) with the flags to fix them;
    /// anything else is exit 1 with the message.
    static func commandLineError(_ error: GenerationError) -> any Error {
        switch error.code {
        case .badData: error.input ?? InputError(file: "spb-generate", line: nil, field: nil, message: error.message)
        case .runDirectoryNotEmpty: UsageError(error.message + "; pass --resume to continue the run in it, or --force to replace it", hint: helpHint)
        case .nothingToResume, .runDirectoryInUse, .avoidSetsUnusable: UsageError(error.message, hint: helpHint)
        default: error
        }
    }

    private static func run(_ parsed: ParsedArguments, output: @escaping @Sendable (String) -> Void,
                            errorOutput: @escaping @Sendable (String) -> Void) async throws {
        let directory = URL(fileURLWithPath: parsed.string("--out", default: "runs/generate"))
        let mode: PersonaGenerator.StartMode = parsed.flag("--resume") ? .resume : (parsed.flag("--force") ? .force : .fresh)
        var config = GenerationConfig()
        if mode == .resume, !parsed.flag("--dry-run") {
            guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(RunFiles.manifest).path) else {
                throw UsageError("\(directory.path) holds no \(RunFiles.manifest): nothing to resume", hint: "start a run without --resume")
            }
            config = try GenerationManifest.read(directory: directory).config
            try checkNameMasking(config, directory: directory, errorOutput: errorOutput)
            _ = try StructuredOutputName.mode(of: config, manifest: directory.appendingPathComponent(RunFiles.manifest))
            _ = try EncoderChoice.named(in: config, manifest: directory.appendingPathComponent(RunFiles.manifest))
        }
        try apply(parsed, to: &config, isResume: mode == .resume)
        if mode == .fresh, !parsed.flag("--dry-run"),
           let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path), !entries.filter({ $0 != RunLock.fileName }).isEmpty {
            throw UsageError("\(directory.path) is not empty", hint: "pass --resume to continue the run in it, or --force to replace it")
        }

        let inputs = try loadInputs(parsed, config: config)
        let template = try config.promptTemplate.map { try PromptTemplate(contentsOf: URL(fileURLWithPath: $0)) } ?? .default
        let apiKey = ProcessInfo.processInfo.environment[config.apiKeyEnv]
        let (chat, endpoint) = try makeChat(config, apiKey: apiKey)

        if parsed.flag("--dry-run") {
            let generator = PersonaGenerator(config: config, inputs: inputs, template: template, chat: chat, encoder: NoEncoder())
            for (index, prompt) in generator.dryRunPrompts(min(3, max(config.target, 1))).enumerated() {
                output("=== attempt \(index + 1): system ===\n\(prompt.system)\n=== attempt \(index + 1): user ===\n\(prompt.user)\n\n")
            }
            return
        }

        let encoder = try EncoderChoice.named(in: config, manifest: directory.appendingPathComponent(RunFiles.manifest)).make(parsed: parsed, config: config)
        if let miniLM = encoder as? MiniLMEncoder { config.encoderPrecision = miniLM.precision }
        let judge = try makeJudge(config, apiKey: apiKey)
        let generator = PersonaGenerator(config: config, inputs: inputs, template: template, chat: chat, encoder: encoder, judge: judge?.0)
        let reporter = ProgressReporter(label: "generate", total: PersonaGenerator.heldTarget(config))
        let task = Task {
            try await generator.run(in: directory, mode: mode, progress: { statistics in
                reporter.update(completed: statistics.accepted, detail: progressDetail(statistics),
                                resumedFrom: statistics.accepted - statistics.acceptedNow)
            }, notes: { errorOutput("note: \($0)\n") })
        }
        let signals = SignalStop(task: task)
        defer { signals.cancel() }
        let summary = try await task.value
        reporter.finish(summary: "\(summary.statistics.accepted)/\(config.target) accepted")
        output(summaryText(summary, config: config, directory: directory) + "\n")
        let stopped = "\(summary.statistics.accepted)/\(config.target) personas; files are consistent, continue with: spb-generate --out \(directory.path) --resume"
        switch summary.completion {
        case .reachedTarget: return
        case .interrupted:
            throw CommandFailure("interrupted with \(stopped)")
        case .endpointFailed:
            let failedURL = summary.endpointFailure?.role == .judge ? (judge?.endpoint ?? endpoint) : endpoint
            let url = Redaction.redact(failedURL.absoluteString, secrets: [apiKey ?? ""])
            let cause = summary.endpointFailure.map { endpointFailureText($0, endpoint: url, config: config, keySet: APIKey(apiKey) != nil) } ?? "\(url) failed"
            throw CommandFailure("\(cause). Stopped with \(stopped)")
        case .attemptsExhausted:
            throw CommandFailure("gave up after \(summary.statistics.attempts) attempts with \(summary.statistics.accepted)/\(config.target) personas (--max-attempts \(config.maxAttempts)); see \(directory.appendingPathComponent(RunFiles.events).path) for the reasons, then --resume")
        }
    }

    /// Overrides `config` with every option given on the command line (declared defaults do
    /// not count, so a resumed run keeps its manifest's settings unless told otherwise).
    static func apply(_ parsed: ParsedArguments, to config: inout GenerationConfig, isResume: Bool = false) throws(UsageError) {
        func given(_ name: String) -> String? { parsed.values(name).last }
        func givenChoice<Choice: CaseIterable & RawRepresentable>(_ name: String, as type: Choice.Type) throws(UsageError) -> Choice?
            where Choice.RawValue == String {
            parsed.isPresent(name) ? try parsed.choice(name, as: type) : nil
        }
        func int(_ name: String, _ current: Int, minimum: Int = 1) throws(UsageError) -> Int {
            guard let text = given(name) else { return current }
            guard let value = Int(text), value >= minimum else { throw UsageError("\(name) expects an integer >= \(minimum), got \(text)") }
            return value
        }
        func double(_ name: String, _ current: Double, in range: ClosedRange<Double>) throws(UsageError) -> Double {
            guard let text = given(name) else { return current }
            guard let value = Double(text), range.contains(value) else {
                throw UsageError("\(name) expects a number in \(range.lowerBound)...\(range.upperBound), got \(text)")
            }
            return value
        }
        config.target = try int("--target", config.target)
        if parsed.isPresent(SeedOption.name) { config.seed = try SeedOption.seed(in: parsed) }
        config.concurrency = try int("--concurrency", config.concurrency)
        config.references.resetEvery = try int("--reset-every", config.references.resetEvery, minimum: 0)
        if let gate = try givenChoice("--gate", as: GateMode.self) { config.gate = gate }
        if parsed.isPresent(threshold.spec.name) { config.threshold = try threshold.threshold(in: parsed) }
        if let score = try givenChoice("--score", as: GateScore.self) { config.score = score }
        try applyJudge(parsed, to: &config)
        if parsed.isPresent(MaxUnreadableOption.name) { config.maxUnreadableShare = try maxUnreadable.share(in: parsed) }
        if let encoder = try givenChoice("--encoder", as: EncoderChoice.self) { config.encoder = encoder.rawValue }
        if let precision = try givenChoice("--precision", as: EncoderPrecision.self) {
            if isResume, precision != config.encoderPrecision {
                throw UsageError("--precision \(precision) cannot change a run's encoder precision (\(config.encoderPrecision)): its embeddings.f32 "
                                 + "was made with it, and the gate never compares embeddings of two precisions",
                                 hint: "resume without --precision, or start a new run")
            }
            config.encoderPrecision = precision
        }
        if let text = given("--base-url") { config.baseURL = text }
        if let text = given("--model") { config.model = text }
        if let text = given("--api-key-env") { config.apiKeyEnv = text }
        if let mode = try givenChoice("--structured-output", as: StructuredOutputName.self) { config.structuredOutput = mode.rawValue }
        config.temperature = try double("--temperature", config.temperature, in: 0 ... 2)
        config.maxTokens = try int("--max-tokens", config.maxTokens)
        config.timeoutSeconds = try double("--timeout", config.timeoutSeconds, in: 0.001 ... 86_400)
        config.retries = try int("--retries", config.retries)
        config.maxConnectionFailures = try int("--max-connection-failures", config.maxConnectionFailures)
        if given("--max-attempts") != nil {
            config.maxAttempts = try int("--max-attempts", config.maxAttempts)
        } else if given("--target") != nil {
            config.maxAttempts = GenerationConfig.defaultMaxAttempts(target: config.target)
        }
        if parsed.isPresent("--steer"), let parts = try parsed.choiceList("--steer", as: SteeringSettings.Part.self).map(Set.init) {
            config.steering.parts = parts
            config.steering.rejectionBudget = SteeringSettings.defaultRejectionBudget(parts: parts)
        }
        config.steering.phraseShare = try double("--steer-phrase-share", config.steering.phraseShare, in: 0.001 ... 1)
        config.steering.phraseMinimumAccepted = try int("--steer-phrase-after", config.steering.phraseMinimumAccepted)
        config.steering.crowdingNeighbors = try int("--steer-crowding-k", config.steering.crowdingNeighbors)
        config.steering.crowdingShare = try double("--steer-crowding-share", config.steering.crowdingShare, in: 0 ... 1)
        config.steering.crowdingCeiling = try double("--steer-crowding-ceiling", config.steering.crowdingCeiling, in: -30 ... 0)
        config.steering.rejectionBudget = try double("--steer-budget", config.steering.rejectionBudget, in: 0 ... 1000)
        config.steering.copyGuardFactor = try double("--steer-copy-guard", config.steering.copyGuardFactor, in: 0 ... 1000)
        config.steering.selectionOversample = try double("--steer-oversample", config.steering.selectionOversample, in: 0 ... 10)
        config.steering.selectionCapShare = try double("--steer-selection-cap", config.steering.selectionCapShare, in: 0 ... 1)
        if let allowed = try parsed.choiceList("--allow", as: ContentRule.self), !allowed.isEmpty { config.allowedContentRules = allowed }
        if parsed.flag("--keep-names"), config.nameMasking != PersonaTextTemplate.noNameMasking {
            guard !isResume else {
                throw UsageError("--keep-names cannot change a run's name masking (\(config.nameMasking)): its embeddings.f32 was made with it",
                                 hint: "start a new run with --keep-names")
            }
            config.nameMasking = PersonaTextTemplate.noNameMasking
        }
        try applyAvoid(parsed, to: &config, isResume: isResume)
        if let file = given("--prompt-template") { config.promptTemplate = file }
        if let directory = given("--inputs") { config.inputs = directory }
        for (option, name) in [("--components", GenerationInputs.FileName.components), ("--seeds", GenerationInputs.FileName.seeds),
                               ("--first-names", GenerationInputs.FileName.firstNames), ("--last-names", GenerationInputs.FileName.lastNames),
                               ("--usernames", GenerationInputs.FileName.usernames)] {
            if let path = given(option) {
                var overrides = config.inputOverrides ?? [:]
                overrides[name] = URL(fileURLWithPath: path).standardizedFileURL.path
                config.inputOverrides = overrides
            }
        }
    }

    /// A resumed run keeps the name masking its embeddings were made with: say so for a run made before
    /// masking existed, and refuse a rule this version cannot reproduce.
    static func checkNameMasking(_ config: GenerationConfig, directory: URL,
                                 errorOutput: @Sendable (String) -> Void = StandardError.write) throws(UsageError) {
        let known = [PersonaTextTemplate.default.nameMasking, PersonaTextTemplate.noNameMasking]
        guard known.contains(config.nameMasking) else {
            throw UsageError("\(directory.path) was made with name masking \"\(config.nameMasking)\", which this version cannot reproduce "
                + "(it knows \(known.map { "\"\($0)\"" }.joined(separator: " and "))); resume it with the version that made it", hint: helpHint)
        }
        if !config.recordsNameMasking {
            errorOutput("note: \(directory.path) was made before name masking: it keeps personas' names in the texts it embeds and compares, "
                + "as its embeddings.f32 was made; start a new run to mask them\n")
        }
    }

    /// The `--judge*` options: `--judge` turns the judge on (a resumed run keeps its manifest's judge);
    /// the others need it.
    static func applyJudge(_ parsed: ParsedArguments, to config: inout GenerationConfig) throws(UsageError) {
        func given(_ name: String) -> String? { parsed.values(name).last }
        let options = ["--judge-base-url", "--judge-model", "--judge-band", "--max-judge-calls-per-accepted"]
        if parsed.flag("--judge"), config.judge == nil { config.judge = JudgeSettings() }
        guard var judge = config.judge else {
            if let option = options.first(where: { given($0) != nil }) { throw UsageError("\(option) needs --judge") }
            return
        }
        if config.gate != .semantic { throw UsageError("--judge needs --gate semantic, got --gate \(config.gate.rawValue)") }
        if let text = given("--judge-base-url") { judge.baseURL = text }
        if let text = given("--judge-model") { judge.model = text }
        if let text = given("--judge-band") {
            guard let band = JudgeBand.parse(text) else { throw UsageError("--judge-band expects LOW,HIGH with LOW <= HIGH, got \(text)") }
            judge.band = band
        }
        if let text = given("--max-judge-calls-per-accepted") {
            guard let value = Double(text), value >= 0, value.isFinite else {
                throw UsageError("--max-judge-calls-per-accepted expects a number >= 0, got \(text)")
            }
            judge.maxCallsPerAccepted = value
        }
        config.judge = judge
    }

    /// The judge over `config.judge`'s endpoint (the run's by default), and that endpoint's URL; nil without a judge.
    private static func makeJudge(_ config: GenerationConfig, apiKey: String?) throws -> (PersonaJudge, endpoint: URL)? {
        guard let settings = config.judge else { return nil }
        let base = settings.baseURL ?? config.baseURL
        guard let url = URL(string: base), url.scheme == "http" || url.scheme == "https" else {
            throw UsageError("--judge-base-url must be an http(s) URL, got \(base)")
        }
        let client = ChatCompletionClient(baseURL: url, model: settings.model ?? config.model, apiKey: apiKey, retry: RetryPolicy(maxAttempts: config.retries))
        let options = PersonaJudge.options(timeout: .milliseconds(Int64(config.timeoutSeconds * 1000)),
                                           structuredOutput: try StructuredOutputName.mode(of: config))
        return (.live(client, options: options), client.endpoint)
    }

    private static func loadInputs(_ parsed: ParsedArguments, config: GenerationConfig) throws -> GenerationInputs {
        let overrides = (config.inputOverrides ?? [:]).mapValues { URL(fileURLWithPath: $0) }
        if let directory = config.inputs { return try GenerationInputs.load(directory: URL(fileURLWithPath: directory), overrides: overrides) }
        guard let bundled = GenerationInputs.defaultDirectory else {
            throw CommandFailure("the bundled DefaultComponents resource is missing from this build; pass --inputs DIR")
        }
        return try GenerationInputs.load(directory: bundled, overrides: overrides)
    }

    /// The chat over `config`'s endpoint, and that endpoint's chat-completions URL.
    private static func makeChat(_ config: GenerationConfig, apiKey: String?) throws -> (PersonaChat, endpoint: URL) {
        guard let url = URL(string: config.baseURL), url.scheme == "http" || url.scheme == "https" else {
            throw UsageError("--base-url must be an http(s) URL, got \(config.baseURL)")
        }
        let client = ChatCompletionClient(baseURL: url, model: config.model, apiKey: apiKey,
                                          retry: RetryPolicy(maxAttempts: config.retries))
        let options = ChatOptions(temperature: config.temperature, maxTokens: config.maxTokens,
                                  timeout: .milliseconds(Int64(config.timeoutSeconds * 1000)),
                                  structuredOutput: try StructuredOutputName.mode(of: config),
                                  schema: PersonaChat.personaSchema(), schemaName: "persona")
        return (.live(client, options: options), client.endpoint)
    }

    /// What failed at `endpoint` and what to check, in one sentence (the caller adds the resume hint).
    /// - Parameters:
    ///   - failure: why the run gave up on the endpoint.
    ///   - endpoint: the chat-completions URL, already redacted.
    ///   - config: the run's settings (model, key variable, structured-output mode).
    ///   - keySet: whether a key was found in the key variable.
    static func endpointFailureText(_ failure: EndpointFailure, endpoint: String, config: GenerationConfig, keySet: Bool) -> String {
        let said = failure.reason.count > 300 ? String(failure.reason.prefix(300)) + "…" : failure.reason
        let isJudge = failure.role == .judge
        let (urlFlag, modelFlag) = isJudge ? ("--judge-base-url", "--judge-model") : ("--base-url", "--model")
        let model = isJudge ? (config.judge?.model ?? config.model) : config.model
        let who = isJudge ? "the judge endpoint " : ""
        switch failure.diagnosis {
        case .unreachable:
            return "cannot reach \(who)\(endpoint): \(failure.inARow) attempts in a row could not connect (last: \(said)); "
                + "check that the server is running and that \(urlFlag) is right"
        case let .keyRefused(status):
            let key = keySet ? "check the key in \(config.apiKeyEnv)" : "no key was sent: set \(config.apiKeyEnv)"
            return "\(who)\(endpoint) answered HTTP \(status): the API key was refused (server said: \(said)); \(key) (or --api-key-env)"
        case .notFound:
            return "\(who)\(endpoint) answered HTTP 404: model '\(model)' not found, or no chat-completions API at that URL "
                + "(server said: \(said)); check the \(modelFlag) name and \(urlFlag)"
        case let .rejected(status):
            let modes = config.structuredOutput == "auto" ? "in every structured-output mode" : "with --structured-output \(config.structuredOutput)"
            return "\(who)\(endpoint) answered HTTP \(status): the request was rejected \(modes) (server said: \(said)); "
                + "check the \(modelFlag) name, --structured-output and --max-tokens"
        case .transient:
            preconditionFailure("a run never gives up on its endpoint for a transient failure")
        }
    }

    /// The progress line's detail: attempts and reject rate by reason (the reporter adds the
    /// count, rate and ETA).
    static func progressDetail(_ statistics: RunStatistics) -> String {
        var parts = ["\(statistics.attempts) attempts"]
        if statistics.attempts > 0 {
            let reasons = statistics.rejects.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
            parts.append(String(format: "rejected %.0f%%", 100 * Double(statistics.rejected) / Double(statistics.attempts))
                         + (reasons.isEmpty ? "" : " (\(reasons))"))
        }
        return parts.joined(separator: " · ")
    }

    /// The end-of-run summary.
    static func summaryText(_ summary: PersonaGenerator.Summary, config: GenerationConfig, directory: URL) -> String {
        let s = summary.statistics
        let rejects = s.rejects.sorted { $0.key < $1.key }.map { "  \($0.key.rawValue): \($0.value)" }
        let faults = s.faults.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }
        var lines = [
            "spb-generate: \(summary.completion.rawValue)",
            "accepted: \(s.accepted)/\(config.target) (\(s.acceptedNow) this run)",
            "attempts: \(s.attempts) (from #\(summary.firstAttempt)), rejected: \(s.rejected), cancelled: \(s.cancelled)",
        ]
        lines += rejects.isEmpty ? [] : ["rejected by reason:"] + rejects
        let broken = s.contentRules.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { "  \($0.key): \($0.value)" }
        lines += broken.isEmpty ? [] : ["content rules broken (rejected.jsonl names the field):"] + broken
        if !config.allowedContentRules.isEmpty { lines.append("content rules allowed (off): \(config.allowedContentRules.map(\.rawValue).joined(separator: ", "))") }
        lines += faults.isEmpty ? ["faults: none"] : ["faults by kind:"] + faults
        if s.unreadable > 0 {
            lines.append("warning: \(s.unreadable) candidates were mostly text \(config.encoder) cannot read (above --max-unreadable "
                + "\(String(format: "%.2f", config.maxUnreadableShare))): checked for exact duplicates only (unreadable_share in events.jsonl)")
        }
        lines.append("tokens: \(s.promptTokens) prompt + \(s.completionTokens) completion = \(s.promptTokens + s.completionTokens)")
        lines.append("time: \(formatDuration(summary.elapsed / .seconds(1)))")
        lines.append("gate: \(config.gate.rawValue), score \(config.score.rawValue) (" + (config.score == .fields
            ? String(format: "p* %.2f", FieldScoreModel.fitted.decisionThreshold) : String(format: "threshold %.2f", config.threshold))
            + "), encoder \(config.encoder)")
        if let judge = config.judge {
            let verdicts = s.judgeVerdicts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let fallbacks = s.judgeFallbacks.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let faults = s.judgeFaults.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("judge: \(judge.model ?? config.model), band \(judge.band(for: config.score).text), \(s.judgeCalls) calls"
                + (verdicts.isEmpty ? "" : " (\(verdicts))") + (fallbacks.isEmpty ? "" : ", fallbacks: \(fallbacks)")
                + ", faults: " + (faults.isEmpty ? "none" : faults)
                + ", tokens: \(s.judgePromptTokens) prompt + \(s.judgeCompletionTokens) completion")
        }
        if let avoid = avoidSummary(summary.avoided) { lines.append(avoid) }
        lines.append("steering: \(config.steering.partsText)" + (summary.steering.map { ", \($0.bans.count) phrase templates banned" } ?? ""))
        if let selection = summary.selection {
            lines.append("selection: kept \(selection.kept) of \(selection.held) (withdrew \(selection.withdrawnForPhrases) for phrase templates, "
                + "\(selection.withdrawnForDiversity) for diversity; not-selected in rejected.jsonl), "
                + String(format: "Vendi q1 %.2f -> %.2f", selection.vendiBefore, selection.vendiAfter)
                + (selection.overCap.isEmpty ? "" : "; still above the cap: " + selection.overCap.joined(separator: ", ")))
        }
        let files = RunFiles.all.filter { $0 != RunFiles.fields || config.score == .fields }
        lines.append("output: \(directory.path)/{\(files.joined(separator: ","))}")
        return lines.joined(separator: "\n")
    }

    static func formatDuration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let total = Int(seconds.rounded())
        return total >= 3600 ? "\(total / 3600)h\(total % 3600 / 60)m" : (total >= 60 ? "\(total / 60)m\(total % 60)s" : "\(total)s")
    }
}

/// `--structured-output` names, as `manifest.json` records them (`config.structured_output`), and the client's modes.
enum StructuredOutputName: String, CaseIterable {
    /// ``LLMClient/StructuredOutput/auto``.
    case auto
    /// ``LLMClient/StructuredOutput/jsonSchema``.
    case jsonSchema = "json-schema"
    /// ``LLMClient/StructuredOutput/jsonObjectWithSchema``.
    case jsonObjectSchema = "json-object-schema"
    /// ``LLMClient/StructuredOutput/jsonObject``.
    case jsonObject = "json-object"
    /// ``LLMClient/StructuredOutput/none``.
    case none

    /// The client's mode.
    var mode: StructuredOutput {
        switch self {
        case .auto: .auto
        case .jsonSchema: .jsonSchema
        case .jsonObjectSchema: .jsonObjectWithSchema
        case .jsonObject: .jsonObject
        case .none: StructuredOutput.none
        }
    }

    /// The mode `config` names; a manifest (edited, or from another version) naming an unknown mode is bad
    /// input naming the file and field, never a silent fallback to `auto`.
    static func mode(of config: GenerationConfig, manifest: URL = URL(fileURLWithPath: RunFiles.manifest)) throws(InputError) -> StructuredOutput {
        guard let name = StructuredOutputName(rawValue: config.structuredOutput) else {
            throw InputError(file: manifest.path, line: nil, field: "config.structured_output",
                             message: "\"\(config.structuredOutput)\" is not one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return name.mode
    }
}

/// SIGINT/SIGTERM handlers that cancel the generation task (it then stops cleanly);
/// a second signal exits at once.
final class SignalStop: Sendable {
    private let sources: Mutex<[DispatchSourceSignal]>

    init<T: Sendable>(task: Task<T, any Error>) {
        let count = Atomic<Int>(0)
        var made = [DispatchSourceSignal]()
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if count.add(1, ordering: .relaxed).oldValue > 0 { exit(ExitCode.failure.rawValue) }
                StandardError.write("\nstopping: finishing writes (press Ctrl-C again to quit at once)\n")
                task.cancel()
            }
            source.resume()
            made.append(source)
        }
        sources = Mutex(made)
    }

    /// Removes the handlers.
    func cancel() {
        sources.withLock { sources in
            sources.forEach { $0.cancel() }
            sources.removeAll()
        }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

/// The encoder of `--dry-run`, which never embeds.
struct NoEncoder: TextEncoder {
    var dimension: Int { 1 }
    var identifier: String { "none" }
    func encode(_ texts: [String]) async throws -> Matrix {
        throw GenerationError.noEncoder
    }
}
