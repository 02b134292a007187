// A tiny notes API. Repo Runner tells it which port to use through PORT.
const express = require('express');

const notes = [{ id: 1, text: 'Repo Runner started me.' }];
const server = express();
server.use(express.json());

server.get('/', (_req, res) => res.send(`<h1>hello-express</h1><p>${notes.length} note(s). Try GET /notes.</p>`));
server.get('/notes', (_req, res) => res.json(notes));
server.post('/notes', (req, res) => {
  const note = { id: notes.length + 1, text: String(req.body?.text ?? '') };
  notes.push(note);
  res.status(201).json(note);
});

server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`hello-express is listening on port ${process.env.PORT ?? 3000}`);
});
