// Lets GOV.UK Frontend's styles know scripts run; every page works without this.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
