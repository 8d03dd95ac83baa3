"""A member's private notes on papers: highlights and comments on one version of a paper,
read in the browser with PDF.js and exported with the paper as a PDF of their own.

A note is its author's alone: nobody else reads it, the business unit included. Its author
reads it only while they may open the paper (meetings.papers.access), so a note on a
restricted paper goes when their term on the body ends, as the paper does. Every refusal
is a 404, as for the paper's file.
"""
