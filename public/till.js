// The till's island. The pages work without it (plain POST forms); this adds:
// - the camera: reads the card's QR code (a link `…/saldo#CODE`) with BarcodeDetector
//   where the browser has it, else with the vendored jsQR on video frames, puts the
//   code from the link's fragment into the field and submits the form;
// - the confirm button's label ("Dra 120 kr") while the amount is typed;
// - one submit per tap (the server's idempotency key makes a second one harmless anyway);
// - the service worker that makes the till installable and caches static files.
const till = document.querySelector('[data-till]');

if (till && 'serviceWorker' in navigator && till.dataset.sw) {
  navigator.serviceWorker.register(till.dataset.sw).catch(() => {});
}

// ── Scanning ──────────────────────────────────────────────────────────────────

const lookupForm = document.querySelector('[data-till-lookup]');
const scanArea = lookupForm?.querySelector('[data-scan]');
const scanButton = lookupForm?.querySelector('[data-scan-start]');
const scanStatus = lookupForm?.querySelector('[data-scan-status]');
const codeInput = lookupForm?.querySelector('input[name="kod"]');

/** The code from what the QR holds: a card link keeps it after '#'. */
function codeFromScan(text) {
  const hash = text.indexOf('#');
  const raw = hash >= 0 ? text.slice(hash + 1) : text;
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

let jsQrLoading = null;
function loadJsQr() {
  if (window.jsQR) return Promise.resolve(window.jsQR);
  jsQrLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/static/vendor/jsQR.js';
    script.onload = () => (window.jsQR ? resolve(window.jsQR) : reject(new Error('jsQR missing')));
    script.onerror = reject;
    document.head.append(script);
  });
  return jsQrLoading;
}

async function makeDetector() {
  if ('BarcodeDetector' in window) {
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (formats.includes('qr_code')) {
        const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
        return async (video) => {
          const found = await detector.detect(video);
          return found[0]?.rawValue ?? null;
        };
      }
    } catch {
      // fall through to jsQR
    }
  }
  const jsQR = await loadJsQr();
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return async (video) => {
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (!width || !height) return null;
    // Scale down: a QR code on a card is large in the frame, and small frames decode fast.
    const scale = Math.min(1, 640 / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
  };
}

let scanning = null;

function say(text) {
  if (scanStatus) scanStatus.textContent = text;
}

function stopScan() {
  if (!scanning) return;
  scanning.stopped = true;
  for (const track of scanning.stream.getTracks()) track.stop();
  scanning.video.remove();
  scanning = null;
  scanButton.textContent = 'Skanna QR-koden med kameran';
  scanButton.setAttribute('aria-pressed', 'false');
}

async function startScan() {
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
  } catch (err) {
    say(err && err.name === 'NotAllowedError' ? 'Kameran får inte användas här. Skriv koden i fältet i stället.' : 'Kameran kunde inte startas. Skriv koden i fältet i stället.');
    return;
  }
  const video = document.createElement('video');
  video.setAttribute('playsinline', '');
  video.setAttribute('aria-hidden', 'true');
  video.muted = true;
  video.className = 'till-video';
  video.srcObject = stream;
  scanArea.append(video);
  scanning = { stream, video, stopped: false };
  const current = scanning;
  scanButton.textContent = 'Stäng kameran';
  scanButton.setAttribute('aria-pressed', 'true');
  say('Håll QR-koden framför kameran.');
  try {
    await video.play();
  } catch {
    // autoplay refused: frames still arrive once the user taps
  }
  let detect;
  try {
    detect = await makeDetector();
  } catch {
    stopScan();
    say('QR-läsaren kunde inte laddas. Skriv koden i fältet i stället.');
    return;
  }
  const tick = async () => {
    if (current.stopped) return;
    let value = null;
    try {
      value = await detect(video);
    } catch {
      value = null;
    }
    if (current.stopped) return;
    const code = value ? codeFromScan(value) : '';
    if (code && /^[0-9A-Za-z][0-9A-Za-z\s-]{5,60}$/.test(code)) {
      stopScan();
      codeInput.value = code;
      say('Koden är läst. Hämtar kortet …');
      if (lookupForm.requestSubmit) lookupForm.requestSubmit();
      else lookupForm.submit();
      return;
    }
    setTimeout(tick, 150);
  };
  tick();
}

if (lookupForm && scanArea && scanButton && codeInput && navigator.mediaDevices?.getUserMedia) {
  scanArea.hidden = false;
  scanButton.setAttribute('aria-pressed', 'false');
  scanButton.addEventListener('click', () => (scanning ? stopScan() : startScan()));
  window.addEventListener('pagehide', stopScan);
}

// ── Amount and confirm ───────────────────────────────────────────────────────

const redeemForm = document.querySelector('[data-till-redeem]');
if (redeemForm) {
  const button = redeemForm.querySelector('[data-redeem-button]');
  const amount = redeemForm.querySelector('input[name="belopp"], input[name="kuponger"]');
  const money = (ore) =>
    new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'SEK', minimumFractionDigits: ore % 100 ? 2 : 0, maximumFractionDigits: ore % 100 ? 2 : 0 }).format(ore / 100);
  const parseKronor = (text) => {
    const m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text.trim().replace(/\s*(kr|kronor|sek)\.?$/i, '').replace(/[\s\u00a0\u202f]/g, ''));
    return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
  };
  const label = () => {
    if (!button || !amount) return;
    if (button.dataset.unit === 'kuponger') {
      const n = Number(amount.value.trim());
      button.textContent = Number.isInteger(n) && n > 0 ? `Dra ${n} ${n === 1 ? 'kupong' : 'kuponger'}` : 'Dra kuponger';
    } else {
      const ore = parseKronor(amount.value);
      button.textContent = ore ? `Dra ${money(ore)}` : 'Dra beloppet';
    }
  };
  amount?.addEventListener('input', label);
  label();
  amount?.focus();
  let sent = false;
  // Back from the receipt (page cache): the form may be used again; the server decides.
  window.addEventListener('pageshow', () => {
    sent = false;
    button?.removeAttribute('aria-disabled');
  });
  redeemForm.addEventListener('submit', (event) => {
    if (sent) {
      event.preventDefault();
      return;
    }
    sent = true;
    button?.setAttribute('aria-disabled', 'true');
  });
}
