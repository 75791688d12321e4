import Foundation
import Synchronization

/// An OpenAI-compatible loopback server (`/v1/chat/completions`, `/v1/embeddings`) that injects
/// faults by a seeded schedule or a per-request script, and otherwise answers with good data.
///
/// Good chat answers are distinct personas composed from word lists of this file (never from
/// evaluation data); good embedding answers are deterministic unit vectors derived from each
/// input text. Built on ``LoopbackHTTPServer``, so it binds 127.0.0.1 only.
///
/// ```swift
/// let server = try FaultInjectingOpenAIServer(chat: .seeded(seed: 7, rate: 0.3, kinds: FaultInjectingOpenAIServer.Fault.allCases))
/// defer { server.stop() }
/// // point spb-generate --base-url at server.baseURL, then compare server.injected with its summary
/// ```
public final class FaultInjectingOpenAIServer: Sendable {
    /// One injected misbehaviour.
    public enum Fault: String, Sendable, Hashable, CaseIterable, Comparable {
        /// HTTP 429 with `Retry-After` (``Settings/retryAfterSeconds``).
        case rateLimitedRetryAfter
        /// HTTP 429 without `Retry-After`.
        case rateLimited
        /// HTTP 500 with an OpenAI error body.
        case serverError
        /// HTTP 503 with an OpenAI error body.
        case unavailable
        /// HTTP 502 with an HTML page (a proxy in front of the model).
        case htmlErrorPage
        /// A good answer sent after ``Settings/slowDelay`` (longer than the client's timeout).
        case slowReply
        /// Headers and half a good body, then a TCP reset.
        case resetMidBody
        /// HTTP 200 whose JSON is cut in half (`Content-Length` matches what is sent).
        case truncatedJSON
        /// HTTP 200 with a plain-text body.
        case nonJSONBody
        /// HTTP 200 with valid JSON in the wrong shape (no `choices`, no `data`).
        case wrongSchema
        /// HTTP 200 announcing and streaming ``Settings/hugeBytes`` bytes.
        case hugeBody
        /// A well-formed chat answer whose persona breaks the card's length limits
        /// (embeddings: vectors of the wrong length).
        case overlongPersona

        /// The `FaultKind` raw value a client should count for this fault, or nil when the HTTP
        /// exchange succeeds and the problem is in the content (``overlongPersona``).
        public var expectedClientKind: String? {
            switch self {
            case .rateLimitedRetryAfter, .rateLimited: "rateLimited"
            case .serverError, .unavailable, .htmlErrorPage: "serverError"
            case .slowReply: "timeout"
            case .resetMidBody: "connection"
            case .truncatedJSON, .nonJSONBody, .wrongSchema: "invalidBody"
            case .hugeBody: "tooLarge"
            case .overlongPersona: nil
            }
        }

        public static func < (lhs: Fault, rhs: Fault) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Which requests get which fault.
    public enum Plan: Sendable {
        /// No faults.
        case none
        /// Request *i* (0-based, per endpoint) gets `faults[i]` (nil: a good answer); later requests are good.
        case script([Fault?])
        /// Each request gets a fault with probability `rate`, chosen uniformly from `kinds`,
        /// decided by a generator seeded with `seed` and the request's number.
        case seeded(seed: UInt64, rate: Double, kinds: [Fault])

        func fault(forRequest number: Int) -> Fault? {
            switch self {
            case .none: return nil
            case let .script(faults): return number < faults.count ? faults[number] : nil
            case let .seeded(seed, rate, kinds):
                guard !kinds.isEmpty else { return nil }
                var rng = SplitMix64(seed: seed ^ (UInt64(number) &* 0x9E37_79B9_7F4A_7C15))
                guard Double.random(in: 0 ..< 1, using: &rng) < rate else { return nil }
                return kinds[Int.random(in: 0 ..< kinds.count, using: &rng)]
            }
        }
    }

    /// Sizes and delays of the faults.
    public struct Settings: Sendable {
        /// How long ``Fault/slowReply`` waits before answering.
        public var slowDelay: Duration = .seconds(3)
        /// The `Retry-After` value of ``Fault/rateLimitedRetryAfter``, in seconds.
        public var retryAfterSeconds = 0
        /// The body size of ``Fault/hugeBody`` (10 MB).
        public var hugeBytes = 10_000_000
        /// A wait before every good answer (lets a test catch requests in flight).
        public var goodDelay: Duration = .zero
        /// Seed of the persona word choices.
        public var personaSeed: UInt64 = 0x5EED

        /// Default settings.
        public init() {}
    }

    /// `http://127.0.0.1:<port>/v1`.
    public let baseURL: URL
    /// The port (127.0.0.1).
    public var port: Int { server.port }
    private let server: LoopbackHTTPServer
    private let state: Store

    /// Shared by the server's handler and the accessors.
    private final class Store: Sendable {
        let counters = Mutex(Counters())

        func withLock<T>(_ body: (inout Counters) -> T) -> T { counters.withLock { body(&$0) } }
    }

    private struct Counters {
        var chatRequests = 0
        var embeddingRequests = 0
        var injected: [Fault: Int] = [:]
        var injectedChat: [Fault: Int] = [:]
        var goodPersonas = 0
        var authorizationHeaders: Set<String> = []
    }

    /// Starts the server.
    ///
    /// - Parameters:
    ///   - chat: The fault plan of `/v1/chat/completions`.
    ///   - embeddings: The fault plan of `/v1/embeddings`.
    ///   - embeddingDimension: The length of good embedding vectors.
    ///   - settings: Delays and sizes.
    /// - Throws: ``LoopbackServerError`` when the socket cannot be opened.
    public init(chat: Plan = .none, embeddings: Plan = .none, embeddingDimension: Int = 32, settings: Settings = Settings()) throws {
        let state = Store()
        self.state = state
        server = try LoopbackHTTPServer { request in
            Self.answer(request, chat: chat, embeddings: embeddings, dimension: embeddingDimension, settings: settings, state: state)
        }
        guard let url = URL(string: "http://127.0.0.1:\(server.port)/v1") else {
            server.stop()
            throw LoopbackServerError(message: "cannot form a URL for port \(server.port)")
        }
        baseURL = url
    }

    /// Stops the server and waits for its threads (idempotent).
    public func stop() { server.stop() }

    /// ``stop()`` without blocking a thread of the concurrency pool.
    public func stopAsync() async { await server.stopAsync() }

    /// Faults injected so far, by kind (both endpoints).
    public var injected: [Fault: Int] { state.withLock { $0.injected } }

    /// Faults injected on `/v1/chat/completions`, by kind.
    public var injectedChat: [Fault: Int] { state.withLock { $0.injectedChat } }

    /// Chat requests received.
    public var chatRequests: Int { state.withLock { $0.chatRequests } }

    /// Embedding requests received.
    public var embeddingRequests: Int { state.withLock { $0.embeddingRequests } }

    /// Good personas sent so far.
    public var goodPersonas: Int { state.withLock { $0.goodPersonas } }

    /// Every distinct `Authorization` header value received.
    public var authorizationHeaders: Set<String> { state.withLock { $0.authorizationHeaders } }

    /// Every request received so far.
    public var requests: [RecordedRequest] { server.requests }

    private static func answer(_ request: RecordedRequest, chat: Plan, embeddings: Plan, dimension: Int, settings: Settings,
                               state: Store) -> ScriptedResponse {
        let isChat = request.path.hasSuffix("/chat/completions")
        let isEmbeddings = request.path.hasSuffix("/embeddings")
        guard isChat || isEmbeddings else { return OpenAIScript.error(status: 404, message: "no route \(request.path)") }
        let (number, fault) = state.withLock { counters -> (Int, Fault?) in
            if let header = request.header("authorization") { counters.authorizationHeaders.insert(header) }
            let number = isChat ? counters.chatRequests : counters.embeddingRequests
            if isChat { counters.chatRequests += 1 } else { counters.embeddingRequests += 1 }
            let fault = (isChat ? chat : embeddings).fault(forRequest: number)
            if let fault {
                counters.injected[fault, default: 0] += 1
                if isChat { counters.injectedChat[fault, default: 0] += 1 }
            }
            return (number, fault)
        }
        let good: ScriptedResponse
        if isChat {
            good = OpenAIScript.chatCompletion(content: PersonaWords.persona(number: number, seed: settings.personaSeed, overlong: fault == .overlongPersona),
                                               promptTokens: 40, completionTokens: 60)
        } else {
            let inputs = Self.inputs(of: request)
            let length = fault == .overlongPersona ? dimension + 3 : dimension
            good = OpenAIScript.embeddings(inputs.map { Self.vector(for: $0, dimension: length) })
        }
        guard let fault else {
            if isChat { state.withLock { $0.goodPersonas += 1 } }
            return good.delayed(by: settings.goodDelay)
        }
        switch fault {
        case .rateLimitedRetryAfter:
            return OpenAIScript.error(status: 429, message: "rate limit reached", type: "rate_limit_error", headers: ["Retry-After": String(settings.retryAfterSeconds)])
        case .rateLimited:
            return OpenAIScript.error(status: 429, message: "rate limit reached", type: "rate_limit_error")
        case .serverError:
            return OpenAIScript.error(status: 500, message: "internal error", type: "server_error")
        case .unavailable:
            return OpenAIScript.error(status: 503, message: "model is loading", type: "server_error")
        case .htmlErrorPage:
            return ScriptedResponse(status: 502, headers: ["Content-Type": "text/html"],
                                    body: Data("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>".utf8))
        case .slowReply:
            return good.delayed(by: settings.slowDelay)
        case .resetMidBody:
            return good.with(.resetMidBody)
        case .truncatedJSON:
            var cut = good
            cut.body = good.body.prefix(good.body.count / 2)
            return cut
        case .nonJSONBody:
            return ScriptedResponse.text("upstream busy, please try again", status: 200)
        case .wrongSchema:
            return ScriptedResponse.json(#"{"result": {"persona": "none"}, "items": [1, 2, 3]}"#)
        case .hugeBody:
            return good.with(.hugeBody(bytes: settings.hugeBytes, announceLength: true))
        case .overlongPersona:
            return good
        }
    }

    private static func inputs(of request: RecordedRequest) -> [String] {
        let input = request.jsonObject()?["input"]
        if let text = input as? String { return [text] }
        return input as? [String] ?? []
    }

    /// The deterministic unit vector the server answers for `text` (FNV-1a of the text seeds a SplitMix64).
    ///
    /// - Parameters:
    ///   - text: An input of an embeddings request.
    ///   - dimension: The vector length.
    /// - Returns: The unit-length vector.
    public static func vector(for text: String, dimension: Int) -> [Float] {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var rng = SplitMix64(seed: hash)
        let raw = (0 ..< dimension).map { _ in rng.nextGaussian() }
        let norm = max(raw.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-6)
        return raw.map { $0 / norm }
    }
}
