// Partnership Hub front-end entry point, loaded by templates/base.html as
// <script type="module">.
//
// The GOV.UK page template adds the `js-enabled` and `govuk-frontend-supported`
// body classes with an inline <script>; our Content-Security-Policy forbids
// inline scripts, so this file does it instead. Module scripts only run in
// browsers that GOV.UK Frontend supports, so both classes apply here.
import { initAll } from '../govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')

// Initialise every GOV.UK Frontend component (data-module="govuk-…") on the page.
initAll()
