'use strict';
// The jsii runtime's entry point for the app (JSII_RUNTIME, set by JsiiKernelHost): runs the jsii kernel, the runtime's
// own lib/program.js (CDKINFRA_JSII_PROGRAM), in this Node process. The runtime's usual entry point, bin/jsii-runtime.js,
// starts a second Node process for the kernel and relays every message between the app and it: the kernel reads and
// writes its messages on file descriptor 3 (a pipe that entry point gives its child), and sends what the child writes
// on its standard output and error to the app as JSON lines on its own standard error, {"stdout": "<base64>"} or
// {"stderr": "<base64>"}, which the app's side of the runtime decodes and prints (Services/NodeProcess.cs, StderrSink).
// Here the kernel's reads and writes on descriptor 3 go to this process's standard input and output, the app's end of
// the pipes, and what the packages write on standard output and error becomes those same JSON lines: one Node start and
// one relay per message less, the same conversation.
const fs = require('fs');

const program = process.env.CDKINFRA_JSII_PROGRAM;
if (!program) {
  throw new Error('CDKINFRA_JSII_PROGRAM names no jsii kernel program');
}

const kernelFd = 3;
const { readSync, writeSync } = fs;
fs.readSync = function readKernelMessages(fd, ...rest) {
  return readSync.call(this, fd === kernelFd ? 0 : fd, ...rest);
};
fs.writeSync = function writeKernelMessages(fd, ...rest) {
  return writeSync.call(this, fd === kernelFd ? 1 : fd, ...rest);
};

// With CDKINFRA_KERNEL_TIMES naming a file, one line per read of the app's messages, written when the kernel ends:
// how long the kernel waited for the data (the app's time before it), how long the kernel then worked until its next
// read (its time on the message and its answer), and what the first message in the data is: its api and the type,
// method or property it names, never its arguments. docs/benchmark.md reads such a file.
const timesFile = process.env.CDKINFRA_KERNEL_TIMES;
if (timesFile) {
  const lines = ['waited_ms\tworked_ms\tmessage'];
  let previous = null;
  const finish = (now) => {
    if (previous) {
      lines.push([previous.waited.toFixed(2), (Number(now - previous.read) / 1e6).toFixed(2), previous.message].join('\t'));
    }
  };
  const readMessages = fs.readSync;
  const field = (text, name) => (text.match(new RegExp(`"${name}":"([^"]*)"`)) || [])[1];
  fs.readSync = function readTimedMessages(fd, buffer, ...rest) {
    const start = process.hrtime.bigint();
    const count = readMessages.call(this, fd, buffer, ...rest);
    const end = process.hrtime.bigint();
    if (fd === kernelFd && count > 0) {
      finish(start);
      // What precedes a message's arguments, value or result: the kernel's requests name those last.
      const text = Buffer.from(buffer.buffer, buffer.byteOffset, count).subarray(0, 400).toString('utf8').split(/"(?:args|value|result|data)":/)[0];
      const api = field(text, 'api') || (text.startsWith('{"exit"') ? 'exit' : '?');
      const names = (api === 'load' ? ['name', 'version'] : ['fqn', 'method', 'property']).map((name) => field(text, name)).filter(Boolean);
      previous = { waited: Number(end - start) / 1e6, read: end, message: [api, ...names].join(' ') };
    }
    return count;
  };
  process.on('exit', () => {
    finish(process.hrtime.bigint());
    fs.writeFileSync(timesFile, `${lines.join('\n')}\n`);
  });
}

// Standard error may be non-blocking (Node makes a pipe so once process.stderr is used): a full pipe is retried, as the
// kernel does for its own messages.
function writeAll(fd, text) {
  const buffer = Buffer.from(text);
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync.call(fs, fd, buffer, offset);
    } catch (e) {
      if (e.code !== 'EAGAIN') {
        throw e;
      }
    }
  }
}

function relay(tag) {
  return function write(chunk, encoding, callback) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? encoding : 'utf8');
    writeAll(2, `${JSON.stringify({ [tag]: bytes.toString('base64') })}\n`);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') {
      process.nextTick(done);
    }
    return true;
  };
}
process.stdout.write = relay('stdout');
process.stderr.write = relay('stderr');

require(program);
