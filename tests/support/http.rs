//! An HTTP server on 127.0.0.1 for tests that fetch: each connection is
//! answered by a function of the request's path, on its own thread.
//! [`Server::stop`] ends the listening thread and waits for every answer
//! in progress, so nothing outlives the test that started it.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// Writes the answer to a request for a path.
pub type Answer = dyn Fn(&str, &mut dyn Write) + Send + Sync;

pub struct Server {
    pub port: u16,
    stopping: Arc<AtomicBool>,
    listener: Option<JoinHandle<()>>,
    answers: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Server {
    pub fn start(answer: impl Fn(&str, &mut dyn Write) + Send + Sync + 'static) -> Server {
        let answer: Arc<Answer> = Arc::new(answer);
        let listener = TcpListener::bind("127.0.0.1:0").expect("listen on 127.0.0.1");
        let port = listener.local_addr().expect("a local address").port();
        let stopping = Arc::new(AtomicBool::new(false));
        let answers: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let (stop, running) = (Arc::clone(&stopping), Arc::clone(&answers));
        let listener = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { break };
                let answer = Arc::clone(&answer);
                let handle = std::thread::spawn(move || respond(stream, &*answer));
                running.lock().unwrap().push(handle);
            }
        });
        Server {
            port,
            stopping,
            listener: Some(listener),
            answers,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Stops listening and waits for the answers still being written.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        let Some(listener) = self.listener.take() else {
            return;
        };
        self.stopping.store(true, Ordering::SeqCst);
        // The listening thread waits in accept: one last connection wakes it.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        let _ = listener.join();
        let answers = std::mem::take(&mut *self.answers.lock().unwrap());
        for answer in answers {
            let _ = answer.join();
        }
    }
}

impl Drop for Server {
    /// A test that fails before `stop` still stops its server.
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Reads the request line and headers, then lets `answer` write the reply.
fn respond(stream: TcpStream, answer: &Answer) {
    let Ok(mut out) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let mut request = String::new();
    reader.read_line(&mut request).unwrap_or_default();
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    answer(&path, &mut out);
}

/// A complete reply: status line, headers, `Content-Length`, body.
pub fn reply(out: &mut dyn Write, status: &str, headers: &str, body: &[u8]) {
    let _ = write!(
        out,
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = out.write_all(body);
}

/// A 200 reply of an HTML page in UTF-8.
pub fn html(out: &mut dyn Write, page: &str) {
    reply(
        out,
        "200 OK",
        "Content-Type: text/html; charset=utf-8\r\n",
        page.as_bytes(),
    );
}
