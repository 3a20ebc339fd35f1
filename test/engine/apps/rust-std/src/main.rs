//! An HTTP server on std::net only (no crates), answering /healthz and /readyz. As PID 1 in a container the
//! kernel ignores SIGTERM unless it is handled: libc's signal() (linked anyway) installs a handler that exits.
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};

fn handle(stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let body = match path {
        "/healthz" | "/readyz" | "/health" => "{\"ok\":true}\n",
        _ => "hello from rust\n",
    };
    let mut stream = stream;
    write!(stream, "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}", body.len(), body)
}

extern "C" {
    fn signal(signum: i32, handler: extern "C" fn(i32)) -> usize;
}

extern "C" fn on_sigterm(_: i32) {
    std::process::exit(0);
}

fn main() {
    const SIGTERM: i32 = 15;
    // SAFETY: installs a handler that only exits the process (a stateless server has nothing to flush).
    unsafe { signal(SIGTERM, on_sigterm) };
    let port = std::env::var("PORT").unwrap_or_else(|_| "8080".to_string());
    let listener = TcpListener::bind(format!("0.0.0.0:{port}")).expect("bind");
    println!("listening on {port}");
    for stream in listener.incoming().flatten() {
        let _ = handle(stream);
    }
}
