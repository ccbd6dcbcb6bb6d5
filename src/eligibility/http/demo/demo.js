// Example signup form: one call to POST /v1/checks/account-setup checks the
// whole company step; each message is shown under the field its path names.
// Plain script, no build step. Values typed here go to the API only.
"use strict";

const API = "/v1";
const UI = {
  en: {
    title: "Tell us about your company",
    intro: "An example of a signup form that checks the company step with one call to " +
      "POST /v1/checks/account-setup and shows each message under its field.",
    market: "Country or region",
    company_phone: "Company phone",
    company_phone_hint: "Digits only, without country code: at most 10.",
    billing_address: "Billing address (as on your card statement)",
    legal_entity_address: "Company legal address (from the previous step)",
    country: "Country",
    line1: "Street address",
    line2: "Suite, floor (optional)",
    city: "City",
    region: "State or province",
    postal_code: "Postal code",
    check: "Check",
    use: "Use {value}",
    checking: "Checking…",
    valid: "Everything checks out.",
    invalid: "Correct the fields marked below.",
    failed: "The check could not be run: {detail}",
  },
  fr: {
    title: "Parlez-nous de votre entreprise",
    intro: "Exemple de formulaire d'inscription qui vérifie l'étape entreprise en un seul appel à " +
      "POST /v1/checks/account-setup et affiche chaque message sous son champ.",
    market: "Pays ou région",
    company_phone: "Téléphone de l'entreprise",
    company_phone_hint: "Chiffres uniquement, sans indicatif pays : 10 au plus.",
    billing_address: "Adresse de facturation (celle de votre relevé de carte)",
    legal_entity_address: "Adresse légale de l'entreprise (étape précédente)",
    country: "Pays",
    line1: "Adresse",
    line2: "Bâtiment, étage (facultatif)",
    city: "Ville",
    region: "État ou province",
    postal_code: "Code postal",
    check: "Vérifier",
    use: "Utiliser {value}",
    checking: "Vérification…",
    valid: "Tout est correct.",
    invalid: "Corrigez les champs signalés ci-dessous.",
    failed: "La vérification n'a pas pu être faite : {detail}",
  },
};

const state = { lang: "en", inFlight: null, checked: false, timer: null };
const $ = (id) => document.getElementById(id);
const text = (key, params = {}) =>
  UI[state.lang][key].replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ""));

function value(id) {
  const element = $(id);
  const trimmed = element ? element.value.trim() : "";
  return trimmed === "" ? null : trimmed;
}

function address(prefix) {
  return {
    country: value(`${prefix}.country`) ?? "",
    region: value(`${prefix}.region`),
    city: value(`${prefix}.city`),
    postal_code: value(`${prefix}.postal_code`),
    line1: value(`${prefix}.line1`),
    line2: value(`${prefix}.line2`),
  };
}

function body() {
  const legal = address("legal_entity_address");
  return {
    market: value("market") ?? "",
    company_phone: $("company_phone").value,
    billing_address: address("billing_address"),
    card_address: null,
    legal_entity_address: legal.line1 ? legal : null,
  };
}

function clearMessages() {
  for (const element of document.querySelectorAll(".message")) element.replaceChildren();
  for (const element of document.querySelectorAll("[aria-invalid]")) {
    element.removeAttribute("aria-invalid");
  }
  $("summary").replaceChildren();
}

// The element a field path is shown under: the field's own message, else the
// nearest enclosing path's (billing_address.x -> billing_address), else the summary.
function messageSlot(path) {
  for (let p = path; p; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
    const slot = $(`msg-${p}`);
    if (slot) return slot;
  }
  return $("summary");
}

function showFinding(finding, kind) {
  const line = document.createElement("span");
  line.className = kind;
  line.dataset.code = finding.code;
  line.textContent = finding.message;
  const input = $(finding.field);
  if (kind === "error" && input) input.setAttribute("aria-invalid", "true");
  const slot = messageSlot(finding.field);
  slot.append(line);
  if (finding.suggestion && input && kind === "error" &&
      !slot.querySelector(`button.suggestion[data-value="${CSS.escape(finding.suggestion)}"]`)) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "suggestion";
    button.dataset.value = finding.suggestion;
    button.textContent = text("use", { value: finding.suggestion });
    button.addEventListener("click", () => {
      input.value = finding.suggestion;
      check();
    });
    slot.append(button);
  }
}

async function check() {
  if (state.inFlight) state.inFlight.abort();
  const controller = new AbortController();
  state.inFlight = controller;
  $("status").textContent = text("checking");
  let response;
  let result;
  try {
    response = await fetch(`${API}/checks/account-setup`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": state.lang },
      body: JSON.stringify(body()),
      signal: controller.signal,
    });
    result = await response.json();
  } catch (error) {
    if (error.name === "AbortError") return;
    clearMessages();
    $("status").textContent = text("failed", { detail: error.message });
    return;
  }
  if (state.inFlight !== controller) return;
  state.inFlight = null;
  state.checked = true;
  clearMessages();
  if (!response.ok) {
    // A problem+json: the request itself could not be read.
    $("status").textContent = text("failed", { detail: result.detail ?? response.status });
    for (const field of result.errors ?? []) {
      showFinding({ field: field.field, code: "request", message: field.message }, "error");
    }
    return;
  }
  for (const finding of result.errors) showFinding(finding, "error");
  for (const finding of result.warnings) showFinding(finding, "warning");
  $("status").textContent = text(result.valid ? "valid" : "invalid");
  $("status").dataset.valid = String(result.valid);
}

function scheduleCheck() {
  if (!state.checked) return; // check on demand first, then as the person corrects
  clearTimeout(state.timer);
  state.timer = setTimeout(check, 300);
}

async function loadMarkets() {
  const response = await fetch(`${API}/markets`, { headers: { "Accept-Language": state.lang } });
  const { markets } = await response.json();
  const collator = new Intl.Collator(state.lang);
  markets.sort((a, b) => collator.compare(a.name, b.name));
  for (const select of [$("market"), ...document.querySelectorAll("select.countries")]) {
    const chosen = select.value || "US";
    select.replaceChildren(
      ...markets.map((market) => new Option(market.name, market.code, false, market.code === chosen)),
    );
  }
}

async function setLanguage(lang) {
  state.lang = lang in UI ? lang : "en";
  document.documentElement.lang = state.lang;
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = text(element.dataset.i18n);
  }
  for (const button of document.querySelectorAll("button.lang")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === state.lang));
  }
  await loadMarkets();
  if (state.checked) await check();
}

document.addEventListener("DOMContentLoaded", async () => {
  for (const button of document.querySelectorAll("button.lang")) {
    button.addEventListener("click", () => setLanguage(button.dataset.lang));
  }
  const form = $("signup");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check();
  });
  form.addEventListener("input", scheduleCheck);
  form.addEventListener("change", scheduleCheck);
  const requested = new URLSearchParams(location.search).get("lang");
  const preferred = (navigator.language || "en").slice(0, 2).toLowerCase();
  await setLanguage(requested || preferred);
  document.body.dataset.ready = "true";
});
