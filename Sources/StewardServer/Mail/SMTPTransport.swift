import Foundation
import NIOPosix
import StewardCore
import StewardStore
#if canImport(Glibc)
import Glibc
#endif

/// Plain SMTP (`smtp://host:port`), one connection per message, run off the event loops.
struct SMTPTransport: MailTransport {
    let host: String
    let port: Int
    static let timeoutSeconds = 20

    /// Parses `smtp://host[:port]` (default port 25).
    init(url: String) throws {
        guard let components = URLComponents(string: url), components.scheme == "smtp", let host = components.host, !host.isEmpty else {
            throw ConfigurationError("STEWARD_SMTP_URL must look like smtp://host:port, not '\(url)'")
        }
        self.host = host
        port = components.port ?? 25
    }

    func deliver(_ message: OutboxMessage, from: String) async throws {
        let text = try MailFormatter.render(message, from: from)
        let (host, port) = (self.host, self.port)
        try await NIOThreadPool.singleton.runIfActive {
            let connection = try SMTPConnection(host: host, port: port, timeoutSeconds: Self.timeoutSeconds)
            defer { connection.close() }
            try connection.expect(220)
            try connection.command("EHLO steward", expect: 250)
            try connection.command("MAIL FROM:<\(Self.address(from))>", expect: 250)
            for recipient in message.message.to {
                try connection.command("RCPT TO:<\(recipient.value)>", expect: 250)
            }
            try connection.command("DATA", expect: 354)
            // Dot-stuffing: a line starting with "." gets another.
            let stuffed = text.split(separator: "\r\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
            try connection.command(stuffed + ".", expect: 250)
            try? connection.command("QUIT", expect: 221)
        }
    }

    /// The bare address of a `Name <addr>` sender.
    static func address(_ from: String) -> String {
        if let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close {
            return String(from[from.index(after: open)..<close])
        }
        return from
    }
}

/// A blocking line-oriented connection for the SMTP dialogue.
final class SMTPConnection {
    private let socket: Int32
    private var buffer = [UInt8]()

    init(host: String, port: Int, timeoutSeconds: Int) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else {
            throw SMTPError("cannot resolve \(host)")
        }
        defer { freeaddrinfo(result) }
        var current: UnsafeMutablePointer<addrinfo>? = first
        var connected: Int32 = -1
        while let info = current {
            let fd = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd >= 0 {
                var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                    connected = fd
                    break
                }
                Glibc.close(fd)
            }
            current = info.pointee.ai_next
        }
        guard connected >= 0 else { throw SMTPError("cannot connect to \(host):\(port)") }
        socket = connected
    }

    func close() { Glibc.close(socket) }

    func command(_ line: String, expect code: Int) throws {
        let bytes = Array((line + "\r\n").utf8)
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw SMTPError("connection lost while sending") }
            sent += written
        }
        try expect(code)
    }

    /// Reads a (possibly multi-line) reply and checks its code.
    func expect(_ code: Int) throws {
        while true {
            let line = try readLine()
            guard line.count >= 3, let got = Int(line.prefix(3)) else { throw SMTPError("malformed reply '\(line)'") }
            let more = line.count > 3 && line[line.index(line.startIndex, offsetBy: 3)] == "-"
            if more { continue }
            guard got == code else { throw SMTPError("server answered '\(line)' where \(code) was expected") }
            return
        }
    }

    private func readLine() throws -> String {
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                buffer.removeSubrange(...end)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 1024)
            let count = chunk.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw SMTPError("connection closed or timed out") }
            buffer += chunk[..<count]
        }
    }
}

struct SMTPError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
