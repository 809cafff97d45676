#!/usr/bin/perl
# Writes the stop words of Debian's Lingua::StopWords (the Snowball project's lists), one
# "language<TAB>word" line each, in UTF-8, for the trends of newsdex-search.
# Usage: stop_words.pl OUTPUT LANG...
use strict;
use warnings;
use Lingua::StopWords qw(getStopWords);

my ($output, @languages) = @ARGV;
open(my $out, '>:encoding(UTF-8)', $output) or die "$output: $!\n";
for my $language (@languages) {
  my $words = getStopWords($language, 'UTF-8') or die "no stop words for $language\n";
  for my $word (sort keys %$words) {
    utf8::decode($word);
    print $out "$language\t$word\n";
  }
}
close($out) or die "$output: $!\n";
