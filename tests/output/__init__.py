"""What every client reads: PDFs checked in Ghostscript, poppler, qpdf and pdf.js."""
