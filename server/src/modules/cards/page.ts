import { engineerLevelName, qualityScoreText, shanghaiDateTime, shanghaiDay, type CardVerification, type EngineerPublicProfile } from '@fangxin/shared';

/**
 * The public verification page a plain phone camera opens (`/v/<token>`). Server-rendered, no external assets and no
 * script (the CSP forbids inline scripts), inline CSS only. Every value from the database or the URL is escaped.
 * It says whether the card is genuine; whether this is the customer's own engineer is one tap away: the button opens
 * the app's verify page (same origin, where the customer's session is) with this token, which checks it against the
 * customer's active orders and records the check on the order — or asks them to sign in first.
 */

/** The app's verify page for a scanned token (H5 build, hash routing). */
export const appVerifyUrl = (token: string): string => `/h5/#/packages/customer/pages/verify/index?token=${encodeURIComponent(token)}`;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const isShowablePhoto = (url: string | null): url is string => !!url && /^(https?:\/\/|\/(?!\/))/i.test(url);

function profileHtml(e: EngineerPublicProfile): string {
  const photo = isShowablePhoto(e.photoUrl)
    ? `<img class="photo" src="${escapeHtml(e.photoUrl)}" alt="${escapeHtml(e.name)}的照片">`
    : `<div class="photo initials" aria-hidden="true">${escapeHtml(e.initials)}</div>`;
  const skills = e.skills.length ? e.skills.map((s) => `<li>${escapeHtml(s.name)}</li>`).join('') : '<li class="muted">无</li>';
  const certs = e.certificates.length
    ? e.certificates
        .map(
          (c) =>
            `<li class="${c.valid ? 'ok' : 'bad'}"><span>${escapeHtml(c.name)}<small>${escapeHtml(c.number)}</small></span><b>${
              c.valid ? `有效至 ${escapeHtml(shanghaiDay(new Date(c.expiresAt)))}` : `已于 ${escapeHtml(shanghaiDay(new Date(c.expiresAt)))} 过期`
            }</b></li>`,
        )
        .join('')
    : '<li class="muted">无</li>';
  return `<section class="card">
  <div class="who">${photo}<div><h2>${escapeHtml(e.name)}</h2><p>工号 ${escapeHtml(e.employeeNo)}</p><p>${escapeHtml(e.outlet.name)}</p></div></div>
  <dl><div><dt>等级</dt><dd>${escapeHtml(engineerLevelName(e.level))}（${escapeHtml(e.level)} 级）</dd></div><div><dt>服务评分</dt><dd>${escapeHtml(qualityScoreText(e.rating))}</dd></div><div><dt>状态</dt><dd>${
    e.status === 'active' ? '在岗' : '停职'
  }</dd></div></dl>
  <h3>技能</h3><ul class="tags">${skills}</ul>
  <h3>证书</h3><ul class="certs">${certs}</ul>
</section>`;
}

const STYLE = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f3f4f6;color:#111827}
main{max-width:480px;margin:0 auto;padding:16px}.verdict{border-radius:16px;padding:24px 16px;text-align:center;color:#fff}
.verdict.ok{background:#15803d}.verdict.bad{background:#b91c1c}.verdict .mark{font-size:56px;line-height:1}.verdict h1{margin:8px 0 4px;font-size:32px}
.verdict p{margin:0;font-size:16px}.card{background:#fff;border-radius:16px;padding:16px;margin-top:16px}.who{display:flex;gap:16px;align-items:center}
.photo{width:88px;height:112px;border-radius:8px;object-fit:cover;background:#e5e7eb;flex:none}.initials{display:flex;align-items:center;justify-content:center;font-size:40px;color:#374151}
h2{margin:0;font-size:24px}.who p{margin:2px 0;color:#4b5563}dl{display:flex;gap:8px;margin:16px 0 0}dl div{flex:1;background:#f9fafb;border-radius:8px;padding:8px;text-align:center}
dt{font-size:12px;color:#6b7280}dd{margin:0;font-weight:600}h3{font-size:14px;color:#6b7280;margin:16px 0 8px}ul{list-style:none;margin:0;padding:0}
.tags{display:flex;flex-wrap:wrap;gap:8px}.tags li{background:#eff6ff;color:#1d4ed8;border-radius:999px;padding:2px 12px}
.certs li{display:flex;justify-content:space-between;gap:8px;padding:8px 0;border-top:1px solid #f3f4f6}.certs small{display:block;color:#6b7280}
.certs .ok b{color:#15803d}.certs .bad b{color:#b91c1c}.muted{color:#9ca3af}.note{font-size:14px;color:#4b5563;background:#fff;border-radius:16px;padding:16px;margin-top:16px}
.check{display:block;margin-top:16px;background:#1d4ed8;color:#fff;text-align:center;text-decoration:none;font-size:20px;font-weight:600;border-radius:12px;padding:14px 16px}
.check small{display:block;font-size:14px;font-weight:400;opacity:.9}.call{color:#1d4ed8;font-weight:600}
footer{text-align:center;font-size:12px;color:#9ca3af;margin:16px 0}`;

export function renderVerificationPage(result: CardVerification, token: string): string {
  const ok = result.verdict === 'genuine';
  const checked = new Date(result.checkedAt);
  const checkedText = shanghaiDateTime(checked);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<title>${escapeHtml(result.label)} · 放心服务工作证核验</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<section class="verdict ${ok ? 'ok' : 'bad'}" data-verdict="${escapeHtml(result.verdict)}">
  <div class="mark" aria-hidden="true">${ok ? '✔' : '✘'}</div>
  <h1>${escapeHtml(result.label)}</h1>
  <p>${escapeHtml(result.detail)}</p>
</section>
${result.engineer ? profileHtml(result.engineer) : ''}
${result.serial ? `<p class="note">工作证编号 ${escapeHtml(result.serial)}</p>` : ''}
${
  result.engineer
    ? `<a class="check" href="${escapeHtml(appVerifyUrl(token))}" data-testid="order-check">核对是不是您订单的工程师<small>已登录直接核对，未登录请先登录；结果会记录在您的订单中</small></a>`
    : ''
}
<p class="note">此页面只核验工作证本身。是否为您订单当前指派的工程师、是否在预约时段、是否具备该服务资质，请点上方按钮核对，核对结果会记录在订单中。二维码 60 秒内有效，过期请让工程师刷新后重新扫码。有疑问请致电放心服务客服 <a class="call" href="tel:${escapeHtml(result.hotline.replace(/[^0-9]/g, ''))}">${escapeHtml(result.hotline)}</a>。</p>
<footer>放心服务 · 核验时间 ${escapeHtml(checkedText)}（北京时间）</footer>
</main>
</body>
</html>`;
}
