// Upload with a progress bar, and a "saving…" note while a confirmed import is saved.
// Without JavaScript both forms still work as plain forms.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (form && window.XMLHttpRequest && window.FormData) {
    var bar = document.getElementById(form.dataset.progress);
    var status = document.getElementById("upload-status");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) return;
        bar.hidden = false;
        bar.value = Math.round((e.loaded / e.total) * 100);
        status.textContent = bar.value + "%";
      });
      xhr.addEventListener("load", function () {
        if (xhr.responseURL && xhr.responseURL !== window.location.href) {
          window.location.assign(xhr.responseURL);
        } else {
          document.open();
          document.write(xhr.responseText);
          document.close();
        }
      });
      xhr.addEventListener("error", function () {
        status.textContent = "上传失败,请重试";
      });
      form.querySelector("button[type=submit]").disabled = true;
      status.textContent = "0%";
      xhr.send(new FormData(form));
    });
  }
  var confirm = document.querySelector("form.confirm");
  if (confirm) {
    confirm.addEventListener("submit", function () {
      var note = confirm.querySelector("[role=status]");
      note.textContent = confirm.dataset.busy;
    });
  }
})();
